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


def _is_other_encoding_text(fileobj) -> bool:
    """Text in a legacy encoding (Excel's default 'CSV' on Windows): no NUL bytes, yet not
    UTF-8. Binary formats have NUL bytes near the start."""
    fileobj.seek(0)
    head = fileobj.read(2048)
    fileobj.seek(0)
    return bool(head) and b"\x00" not in head


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
            size, limit = filesizeformat(upload.size), filesizeformat(self.max_bytes)
            if size == limit:
                # Just over the limit both round to the same figure ("1.0 MB; the limit is
                # 1.0 MB"), which reads as a contradiction; give the exact bytes instead.
                size = f"{upload.size:,} bytes"
                limit = f"{self.max_bytes:,} bytes ({limit})"
            raise ValidationError(
                "This file is %(size)s; the limit is %(limit)s.",
                code="too_large",
                params={"size": size, "limit": limit},
            )
        kind = sniff(upload)
        allowed = ", ".join(KINDS[k][1] for k in self.kinds)
        if kind is None and "csv" in self.kinds and _is_other_encoding_text(upload):
            raise ValidationError(
                "This file is text, but not UTF-8. In Excel, save it as 'CSV UTF-8'.",
                code="not_utf8",
            )
        if kind not in self.kinds:
            raise ValidationError(
                "This file's content is not an accepted type. Accepted: %(allowed)s.",
                code="bad_type",
                params={"allowed": allowed},
            )
        name = (getattr(upload, "name", "") or "").lower()
        if not any(name.endswith(ext) for ext in KINDS[kind][0]):
            label = KINDS[kind][1]
            raise ValidationError(
                "The file name does not match its content (it looks like %(label)s).",
                code="name_mismatch",
                params={"label": f"{'an' if label[0] in 'AEIOU' else 'a'} {label}"},
            )

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.kinds == other.kinds
            and self.max_bytes == other.max_bytes
        )
