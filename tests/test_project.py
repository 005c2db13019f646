"""The project's promises to a new user: README's two set-up commands, and CI running the test one verbatim."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.corpora import ROOT, SHARED


def _setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section, re.DOTALL)


def test_readme_has_exactly_two_setup_commands():
    dashboard, tests = _setup_commands()
    assert dashboard == "pip install -r requirements.txt && streamlit run dashboard/app.py"
    assert tests == 'pip install -e ".[test]" && python -m pytest'


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == _setup_commands()[1]


def test_dashboard_requirements_need_no_nlp_package():
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    names = {
        re.split(r"[<>=\s]", line)[0]
        for line in requirements.splitlines()
        if line and not line.startswith("#")
    }
    assert names == {"streamlit", "pandas", "pyarrow", "plotly", "duckdb", "iuliia"}
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    nlp = " ".join(pyproject["project"]["optional-dependencies"]["nlp"])
    assert "natasha" in nlp
    assert "streamlit" not in nlp


def test_tests_and_default_engine_need_no_torch():
    """`.[test]` must not pull stanza (and with it torch and gigabytes of CUDA packages)."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    for extra in ("nlp", "test"):
        assert not any(req.startswith(("stanza", "torch")) for req in extras[extra]), extra
    assert any(req.startswith("stanza") for req in extras["stanza"])


def test_ci_installs_cpu_torch_and_the_stanza_extra_before_the_readme_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    torch, stanza = (
        ci.index("pip install --quiet torch==2.13.0"),
        ci.index('pip install --quiet -e ".[stanza]"'),
    )
    assert torch < stanza < ci.index(_setup_commands()[1])


def test_seeds_are_byte_identical_to_shared():
    shared = SHARED / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    for path in sorted(shared.glob("*.txt")):
        assert (ROOT / "seeds" / path.name).read_bytes() == path.read_bytes(), path.name


# Words of the seeds' story (its pack: name, agreement stems, role codes, key, people) that must not
# appear in the product's code: the story reaches stages and pages only as data (seeds/story.toml).
STORY_WORDS = re.compile(
    r"abraham|авраам|accords_|kazakhstan|казахстан|токаев|tokayev|signator|prior_treaty|prospective|"
    r"\"incomplete\"|\"mediator\"",
    re.IGNORECASE,
)


def test_no_story_words_in_code(pack):
    codes = {role.code for role in pack.roles}
    assert {"prior_treaty", "prospective", "incomplete", "mediator"} <= codes  # the words checked below
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for folder in ("analysis", "dashboard")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if STORY_WORDS.search(line)
    ]
    assert not found, "story words in code (move them to the story pack):\n" + "\n".join(found)
