"""Exchange with other qualitative-analysis tools.

``refi`` reads and writes REFI-QDA (QDA-XML 1.0): ``.qdpx`` projects and ``.qdc`` codebooks, the
format NVivo, ATLAS.ti, MAXQDA and QualCoder share.
"""
from .refi import export_qdc, export_qdpx, import_qdc, import_qdpx

__all__ = ["export_qdpx", "export_qdc", "import_qdpx", "import_qdc"]
