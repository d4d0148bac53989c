"""Where everything lives: the only module that spells out a path.

`Paths` (after OWID's PathFinder) knows every file and folder of a repository; stages are handed
one and ask it. `find_root` is the one way to find a repository, for the command line, the API
and the report pages alike: the folder given, else the nearest folder, from the working
directory upwards, that holds `data/sources.yaml`. There is no ambient root.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from antlens.problems import NO_REPOSITORY, ProblemsFound

MARKER = Path("data") / "sources.yaml"


@dataclass(frozen=True)
class Paths:
    """Every path antlens reads or writes, derived from the repository root."""

    root: Path

    # Inputs.
    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def raw_articles(self) -> Path:
        return self.data / "raw" / "articles"

    def raw_article(self, source_id: str) -> Path:
        return self.raw_articles / f"{source_id}.txt"

    @property
    def sources_file(self) -> Path:
        return self.root / MARKER

    @property
    def annotations(self) -> Path:
        return self.data / "annotations"

    def annotation_file(self, source_id: str) -> Path:
        return self.annotations / f"{source_id}.yaml"

    @property
    def external(self) -> Path:
        return self.data / "external"

    def dataset_folder(self, dataset_id: str) -> Path:
        return self.external / dataset_id

    @property
    def descriptor_name(self) -> str:
        """The file name of a dataset's descriptor, in its folder (or one being staged)."""
        return "dataset.yaml"

    def descriptor_file(self, dataset_id: str) -> Path:
        return self.dataset_folder(dataset_id) / self.descriptor_name

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    def schema_file(self, name: str) -> Path:
        return self.schemas / f"{name}.yaml"

    # Outputs.
    @property
    def processed(self) -> Path:
        return self.data / "processed"

    def table_file(self, name: str, extension: str = "parquet") -> Path:
        return self.processed / f"{name}.{extension}"

    @property
    def datapackage(self) -> Path:
        return self.processed / "datapackage.json"

    @property
    def workbook(self) -> Path:
        return self.processed / "antlens.xlsx"

    @property
    def cache(self) -> Path:
        return self.data / "interim"

    # Reports.
    @property
    def quarto_project(self) -> Path:
        return self.root / "_quarto.yml"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def source_pages(self) -> Path:
        return self.reports / "sources"

    def source_page(self, source_id: str) -> Path:
        return self.source_pages / f"{source_id}.qmd"

    @property
    def site(self) -> Path:
        return self.root / "_site"

    @property
    def lock_file(self) -> Path:
        return self.data / ".antlens.lock"

    def relative(self, path: Path) -> str:
        """`path` relative to the root, with forward slashes, for messages and tables."""
        for candidate, root in ((path, self.root), (path.resolve(), self.root.resolve())):
            if candidate.is_relative_to(root):
                return candidate.relative_to(root).as_posix()
        return str(path)


def find_root(root: Path | str | None = None, start: Path | None = None) -> Path:
    """The repository: `root` when given (it must hold data/sources.yaml), else the nearest
    folder from `start` (the working directory) upwards that does."""
    if root is not None:
        folder = Path(root).expanduser().resolve() if str(root) else None
        if folder is None or not (folder / MARKER).is_file():
            shown = str(root) if str(root) else "''"
            raise ProblemsFound(
                [NO_REPOSITORY(file=shown, expected=f"a folder holding {MARKER.as_posix()}")]
            )
        return folder
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    raise ProblemsFound(
        [
            NO_REPOSITORY(
                file=str(here),
                expected=f"{MARKER.as_posix()} in this folder or one above it",
                found="none",
            )
        ]
    )


def locate(root: Path | str | None = None) -> Paths:
    """Paths for the repository at `root` (found with `find_root`)."""
    return Paths(find_root(root))
