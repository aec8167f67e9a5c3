"""UploadValidator: size, and the type judged from the content, for every upload in the app."""

import base64
import io
import struct
import zipfile
import zlib

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from reportlab.pdfgen import canvas

from pathway.core.uploads import UploadValidator, sniff

ALL_KINDS = ["pdf", "png", "jpg", "docx", "xlsx", "pptx", "csv"]
MB = 1024 * 1024

# --- Tiny real files -------------------------------------------------------------------------


def pdf_bytes():
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Current state: 42 minutes door to bed")
    page.save()
    return buffer.getvalue()


def png_bytes():
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xc8\x1e\x1e")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# A 1×1 baseline JPEG (JFIF), as a camera or scanner would write it.
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4"
    "UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAABAAEDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcI"
    "CQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRol"
    "JicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip"
    "qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAA"
    "AAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLR"
    "ChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaX"
    "mJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEA"
    "PwDHooorhPqD/9k="
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{content_type}"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{part}"/>'
    "</Relationships>"
)


def office_bytes(part, content_type, body):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml", CONTENT_TYPES.format(part=part, content_type=content_type)
        )
        archive.writestr("_rels/.rels", RELS.format(part=part))
        archive.writestr(part, body)
    return buffer.getvalue()


def docx_bytes():
    return office_bytes(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>A3 report</w:t></w:r></w:p></w:body></w:document>",
    )


def pptx_bytes():
    return office_bytes(
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
    )


def xlsx_bytes():
    workbook = openpyxl.Workbook()
    workbook.active.append(["week", "minutes"])
    workbook.active.append([1, 42])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes():
    return "email,full_name,roles\nzoë.ng@example.org,Zoë Ng,resident\n".encode()


def exe_bytes():
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def plain_zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not an office document")
    return buffer.getvalue()


REAL_FILES = {
    "pdf": ("current-state.pdf", pdf_bytes),
    "png": ("run-chart.png", png_bytes),
    "jpg": ("flow-tour.jpg", lambda: JPEG),
    "docx": ("a3.docx", docx_bytes),
    "xlsx": ("data.xlsx", xlsx_bytes),
    "pptx": ("report-out.pptx", pptx_bytes),
    "csv": ("roster.csv", csv_bytes),
}


def upload(name, content):
    return SimpleUploadedFile(name, content)


def refusal(validator, file):
    with pytest.raises(ValidationError) as caught:
        validator(file)
    error = caught.value
    # filesizeformat joins number and unit with a no-break space.
    message = error.message % error.params if error.params else error.message
    return error.code, message.replace("\xa0", " ")


# --- Accepted --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_real_file_of_each_kind_is_recognised_from_its_content(kind):
    name, make = REAL_FILES[kind]
    assert sniff(upload(name, make())) == kind


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_real_file_of_each_kind_is_accepted(kind):
    name, make = REAL_FILES[kind]
    UploadValidator(ALL_KINDS, 5 * MB)(upload(name, make()))


def test_extensions_are_matched_whatever_their_case_and_jpeg_spelling():
    validator = UploadValidator(ALL_KINDS, MB)
    validator(upload("SCAN.JPEG", JPEG))
    validator(upload("Report.PDF", pdf_bytes()))


def test_the_file_can_still_be_read_in_full_after_validation():
    file = upload("roster.csv", csv_bytes())
    UploadValidator(["csv"], MB)(file)
    assert file.read() == csv_bytes()


def test_a_large_upload_spooled_to_a_temporary_file_is_checked_too():
    file = TemporaryUploadedFile("data.xlsx", "application/octet-stream", 0, None)
    content = xlsx_bytes()
    file.write(content)
    file.size = len(content)
    file.seek(0)
    try:
        UploadValidator(["xlsx"], MB)(file)
        assert file.read() == content
    finally:
        file.close()


def test_a_csv_with_a_multibyte_character_cut_at_the_sniffing_boundary_is_still_text():
    content = ("a" * 2047 + "é\n").encode()  # 'é' straddles byte 2048
    assert sniff(upload("roster.csv", content)) == "csv"


# --- Refused ---------------------------------------------------------------------------------


def test_a_renamed_file_is_refused_naming_what_it_really_is():
    code, message = refusal(UploadValidator(["pdf", "png"], MB), upload("report.pdf", png_bytes()))
    assert code == "name_mismatch"
    assert message == "The file name does not match its content (it looks like a PNG image)."


def test_a_renamed_workbook_names_what_it_really_is_in_good_english():
    code, message = refusal(UploadValidator(ALL_KINDS, MB), upload("notes.docx", xlsx_bytes()))
    assert code == "name_mismatch"
    assert "(it looks like an Excel workbook)" in message


def test_a_kind_the_field_does_not_accept_is_refused_even_when_named_correctly():
    code, message = refusal(UploadValidator(["png", "jpg"], MB), upload("a3.pdf", pdf_bytes()))
    assert code == "bad_type"
    assert "Accepted: PNG image, JPEG image." in message


def test_an_exe_is_refused_even_when_named_like_a_pdf():
    code, message = refusal(UploadValidator(ALL_KINDS, MB), upload("report.pdf", exe_bytes()))
    assert code == "bad_type"
    assert message.startswith("This file's content is not an accepted type.")


def test_an_exe_is_refused_under_its_own_name():
    code, _ = refusal(UploadValidator(ALL_KINDS, MB), upload("setup.exe", exe_bytes()))
    assert code == "bad_type"


def test_a_zip_that_is_not_an_office_document_is_refused():
    code, _ = refusal(UploadValidator(ALL_KINDS, MB), upload("a3.docx", plain_zip_bytes()))
    assert code == "bad_type"


def test_a_zip_with_content_types_but_no_office_part_is_refused():
    fake = office_bytes("other/thing.xml", "application/xml", "<x/>")
    code, _ = refusal(UploadValidator(ALL_KINDS, MB), upload("a3.docx", fake))
    assert code == "bad_type"


def test_a_corrupt_zip_is_refused():
    code, _ = refusal(UploadValidator(ALL_KINDS, MB), upload("a3.docx", docx_bytes()[:200]))
    assert code == "bad_type"


def test_a_csv_saved_in_a_windows_encoding_is_refused_with_advice_to_save_as_utf_8():
    content = "email,full_name,roles\nzoe@example.org,Zoë Ng,resident\n".encode("cp1252")
    code, message = refusal(UploadValidator(["csv"], MB), upload("roster.csv", content))
    assert code == "not_utf8"
    assert message == "This file is text, but not UTF-8. In Excel, save it as 'CSV UTF-8'."


def test_an_oversize_file_is_refused_with_its_size_and_the_limit():
    code, message = refusal(UploadValidator(["csv"], MB), upload("big.csv", b"a,b\n" * MB))
    assert code == "too_large"
    assert message == "This file is 4.0 MB; the limit is 1.0 MB."


def test_a_file_just_over_the_limit_shows_sizes_that_differ():
    code, message = refusal(UploadValidator(["csv"], MB), upload("big.csv", b"a" * (MB + 1)))
    assert code == "too_large"
    assert message == "This file is 1,048,577 bytes; the limit is 1,048,576 bytes (1.0 MB)."


def test_a_file_exactly_at_the_limit_is_accepted():
    UploadValidator(["csv"], MB)(upload("roster.csv", b"a" * MB))


def test_size_is_checked_before_content():
    code, _ = refusal(UploadValidator(["csv"], 10), upload("big.exe", exe_bytes()))
    assert code == "too_large"


def test_the_description_lists_the_kinds_and_the_limit():
    description = UploadValidator(["pdf", "png"], MB).describe()
    assert description.replace("\xa0", " ") == "PDF, PNG; at most 1.0 MB"
