"""Know an overlay file by its content and its name, and refuse unsafe XML and zips before GDAL opens them."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_xml

from dashboard.data.errors import DataError

FORMAT_NAMES = {"geojson": "GeoJSON", "kml": "KML", "gpx": "GPX", "csv": "CSV", "shapefile": "a zipped shapefile"}
EXTENSIONS = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".kml": "kml",
    ".gpx": "gpx",
    ".csv": "csv",
    ".zip": "shapefile",
}
SUPPORTED = "GeoJSON (.geojson, .json), KML (.kml), GPX (.gpx), CSV (.csv) or a zipped shapefile (.zip)"
XML_ROOTS = {"kml": "kml", "gpx": "gpx"}
# A DTD is how XML entities are declared: KML and GPX need none, and entities can read local files, reach the
# network or expand a few bytes into gigabytes. Searched with NUL bytes dropped too, so UTF-16 cannot hide one.
DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
MAX_ZIP_MEMBERS = 50
MAX_UNZIPPED_BYTES = 200_000_000
TOO_BIG_UNZIPPED = f"the zip unpacks to more than the cap of {MAX_UNZIPPED_BYTES:,} bytes"
SHAPEFILE_NEEDS = (".shx", ".dbf")
SYMLINK = 0o120000


class OverlayError(Exception):
    """An overlay file that cannot be added, with one clear message naming file, feature and field."""

    def __init__(self, file: str, message: str, feature: str | None = None, field: str | None = None) -> None:
        self.error = DataError(file, feature, field, message)
        super().__init__(str(self.error))


def format_from_name(name: str) -> str:
    """The format a file's extension claims, or a message listing what is supported."""
    suffix = Path(name).suffix.lower()
    if suffix == ".kmz":
        raise OverlayError(name, f"KMZ is not supported: unzip it and upload the .kml inside; supported: {SUPPORTED}")
    if suffix not in EXTENSIONS:
        raise OverlayError(name, f"unsupported format '{suffix or 'no extension'}'; upload {SUPPORTED}")
    return EXTENSIONS[suffix]


def format_from_content(raw: bytes, name: str) -> str:
    """The format the bytes hold: a zip, XML (KML or GPX, checked safe), JSON, or else text read as CSV."""
    if raw.startswith(b"PK\x03\x04"):
        return "shapefile"
    head = raw[:4096].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    if head.startswith(b"<"):
        return xml_format(raw, name)
    if head.startswith((b"{", b"[")):
        return "geojson"
    if b"\x00" in raw[:4096] or not head:
        raise OverlayError(name, f"the content is not {SUPPORTED}" if head else "the file is empty")
    return "csv"


def detect_format(raw: bytes, name: str) -> str:
    """The file's format, when its content and its extension agree; else one message saying how they differ."""
    claimed = format_from_name(name)
    found = format_from_content(raw, name)
    if found != claimed:
        raise OverlayError(
            name,
            f"the content is {FORMAT_NAMES[found]} but the name says {FORMAT_NAMES[claimed]}: "
            "rename the file or upload the right one",
        )
    return found


def xml_format(raw: bytes, name: str) -> str:
    """'kml' or 'gpx' from the root element, refusing any DTD or entity before anything expands or reads it."""
    refusal = (
        "refused: the XML declares a DOCTYPE or ENTITY; KML and GPX need none, and entities can read other files, "
        "reach the network or expand without bound. Remove the declaration and upload it again"
    )
    if DECLARATION.search(raw) or DECLARATION.search(raw.replace(b"\x00", b"")):
        raise OverlayError(name, refusal)
    try:
        root = safe_xml(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise OverlayError(name, refusal) from None
    except ParseError as exc:
        raise OverlayError(name, f"not well-formed XML ({exc})") from None
    tag = root.tag.rpartition("}")[2].lower()
    if tag not in XML_ROOTS:
        raise OverlayError(name, f"an XML file whose root is <{tag}>, neither KML (<kml>) nor GPX (<gpx>)")
    return XML_ROOTS[tag]


def climbs_out(member: zipfile.ZipInfo) -> bool:
    """Whether a zip member's path is absolute, names a drive, climbs with '..' or is a symbolic link."""
    path = member.filename.replace("\\", "/")
    is_link = (member.external_attr >> 16) & 0o170000 == SYMLINK
    return path.startswith("/") or re.match(r"^[A-Za-z]:", path) is not None or ".." in path.split("/") or is_link


def shapefile_members(archive: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    """The one shapefile's parts in a zip, after refusing paths that climb out, bombs and missing parts."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise OverlayError(name, f"the zip holds {len(members)} files, over the cap of {MAX_ZIP_MEMBERS}")
    for member in members:
        if climbs_out(member):
            where = f"the zip member '{member.filename}'"
            raise OverlayError(name, f"refused: {where} climbs out of its folder (absolute path, '..' or link)")
    if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise OverlayError(name, TOO_BIG_UNZIPPED)
    shps = [m for m in members if m.filename.lower().endswith(".shp") and not m.is_dir()]
    if len(shps) != 1:
        found = ", ".join(m.filename for m in shps)
        raise OverlayError(
            name,
            f"the zip holds {len(shps)} shapefiles{f' ({found})' if found else ''}: "
            "zip one .shp with its .shx, .dbf and .prj",
        )
    stem = shps[0].filename[:-4].lower()
    parts = [m for m in members if m.filename.lower().rpartition(".")[0] == stem and not m.is_dir()]
    missing = [ext for ext in SHAPEFILE_NEEDS if not any(m.filename.lower() == stem + ext for m in parts)]
    if missing:
        raise OverlayError(name, f"the shapefile '{shps[0].filename}' lacks its {' and '.join(missing)} in the zip")
    return parts


def extract_shapefile(raw: bytes, name: str, folder: Path) -> Path:
    """Unpack the zip's one shapefile flat into a folder and return its .shp path, holding to the size cap."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise OverlayError(name, "not a readable zip file") from None
    with archive:
        written = 0
        for member in shapefile_members(archive, name):
            target = folder / ("upload" + PurePosixPath(member.filename).suffix.lower())
            with archive.open(member) as source, target.open("wb") as out:
                while chunk := source.read(1 << 20):
                    written += len(chunk)  # counted as read: a zip's stated sizes can lie
                    if written > MAX_UNZIPPED_BYTES:
                        raise OverlayError(name, TOO_BIG_UNZIPPED)
                    out.write(chunk)
        return folder / "upload.shp"


def copy_to(raw: bytes, fmt: str, folder: Path) -> Path:
    """The upload written into a private folder under a fixed name, so no uploaded name reaches a path."""
    if fmt == "shapefile":
        raise ValueError("a zipped shapefile is unpacked with extract_shapefile")
    path = folder / f"upload.{fmt}"
    path.write_bytes(raw)
    return path
