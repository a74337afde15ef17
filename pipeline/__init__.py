"""teipipe: plain-text historical documents → TEI P5 → HTML and print.

Stages, one module each, data flowing one way:
``read`` (text → :mod:`pipeline.model`), ``encode`` (model → TEI tree),
``validate`` (TEI → diagnostics), ``render`` (TEI → HTML / PDF).
"""

__version__ = "0.1.0"

from pipeline.convert import convert_file, convert_text  # noqa: E402

__all__ = ["__version__", "convert_text", "convert_file"]
