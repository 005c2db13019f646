"""StoryLens's tests, in folders that mirror the packages (core, nlp, stages, build, tools, dashboard);
what crosses them stays here (the project's promises, the architecture, the real corpora)."""
