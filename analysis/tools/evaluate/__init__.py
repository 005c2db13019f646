"""Entity quality of what ``build`` writes, on public benchmarks, with bare natasha beside.

factRuEval-2016 (``eval ner``), scored as naeval scores it:

naeval (github.com/natasha/naeval) is the public comparison of Russian NER systems; using its
protocol makes our numbers comparable with the published ones (slovnet, DeepPavlov, stanza):

- gold: a Person object is one PER span from its first to its last part; an Org object gives
  an ORG span per ``org_name`` part; Location and LocOrg objects give a LOC span per ``loc_name``
  part; a span nested in an earlier or longer one is dropped, and so is any span whose edges are
  not razdel token edges;
- predictions: PER/LOC/ORG spans, with the same overlap and alignment filters;
- score: per type, precision and recall over razdel tokens tagged inside/outside that type.

What is scored is the ``mentions`` table of a build of the texts (``evaluate_build_ner``: the texts
copied into a corpus folder and built by ``build_tables``, the path ``build`` and ``extract`` take),
and bare natasha NER over the same texts in the same run. BSNLP clusters (``eval bsnlp``) are
scored in ``analysis.tools.evaluate.bsnlp``.
"""
