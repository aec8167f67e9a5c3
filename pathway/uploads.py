"""Upload checks shared by every app: size, and type judged from the file's content.

A file's name can lie; its first bytes rarely do. Office documents are ZIP archives, told apart
by the part that holds their main content."""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible

# kind -> (extensions, human label)
KINDS = {
    "pdf": ({".pdf"}, "PDF"),
    "png": ({".png"}, "PNG image"),
    "jpg": ({".jpg", ".jpeg"}, "JPEG image"),
    "docx": ({".docx"}, "Word document"),
    "xlsx": ({".xlsx"}, "Excel workbook"),
    "pptx": ({".pptx"}, "PowerPoint presentation"),
    "csv": ({".csv"}, "CSV file"),
}
OFFICE_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


def sniff(fileobj) -> str | None:
    """The kind a file's content shows, or None when it matches no kind we accept."""
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    fileobj.seek(0)
    head = fileobj.read(2048)
    fileobj.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpg"
        if head.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(fileobj) as archive:
                    names = set(archive.namelist())
            except zipfile.BadZipFile:
                return None
            if "[Content_Types].xml" not in names:
                return None
            for kind, part in OFFICE_MAIN_PARTS.items():
                if part in names:
                    return kind
            return None
        if b"\x00" not in head:
            try:
                head.decode("utf-8-sig")
            except UnicodeDecodeError:
                # A multi-byte character cut at the 2 KB boundary is still text.
                try:
                    head[:-3].decode("utf-8-sig")
                except UnicodeDecodeError:
                    return None
            return "csv"
        return None
    finally:
        fileobj.seek(position if position else 0)


@deconstructible
class UploadValidator:
    """Accepts only the given kinds, up to max_bytes, with a name that matches the content."""

    def __init__(self, kinds, max_bytes):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def describe(self):
        labels = ", ".join(sorted(min(KINDS[k][0]).lstrip(".").upper() for k in self.kinds))
        return f"{labels}; at most {filesizeformat(self.max_bytes)}"

    def __call__(self, upload):
        if upload.size > self.max_bytes:
            raise ValidationError(
                "This file is %(size)s; the limit is %(limit)s.",
                code="too_large",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(self.max_bytes),
                },
            )
        kind = sniff(upload)
        allowed = ", ".join(KINDS[k][1] for k in self.kinds)
        if kind not in self.kinds:
            raise ValidationError(
                "This file's content is not an accepted type. Accepted: %(allowed)s.",
                code="bad_type",
                params={"allowed": allowed},
            )
        name = (getattr(upload, "name", "") or "").lower()
        if not any(name.endswith(ext) for ext in KINDS[kind][0]):
            raise ValidationError(
                "The file name does not match its content (it looks like a %(label)s).",
                code="name_mismatch",
                params={"label": KINDS[kind][1]},
            )

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.kinds == other.kinds
            and self.max_bytes == other.max_bytes
        )
