"""Import a task-division plan (工作方案 / 任务分工方案) from .txt/.docx/.pdf into the dataset CSV format."""

from lib.importer import sandbox
from lib.importer.errors import DocumentError
from lib.importer.output import dataset_frames, to_zip_bytes, write_dataset
from lib.importer.parse import ImportResult, ImportWarning, parse_document
from lib.importer.readers import read_document
from lib.importer.units import DEFAULT_ALIASES, load_aliases

__all__ = [
    "DEFAULT_ALIASES",
    "DocumentError",
    "ImportResult",
    "ImportWarning",
    "dataset_frames",
    "load_aliases",
    "parse_document",
    "read_document",
    "sandbox",
    "to_zip_bytes",
    "write_dataset",
]
