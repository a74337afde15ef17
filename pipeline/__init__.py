"""teipipe: plain-text historical documents → TEI P5 → HTML and print.

Stages, one module each, data flowing one way:
``read`` (text → :mod:`pipeline.model`), ``encode`` (model → TEI tree),
``validate`` (TEI → diagnostics), ``render`` (TEI → HTML / PDF).
"""

__version__ = "0.1.0"

__all__ = ["__version__", "convert_text", "convert_file"]


def __getattr__(name: str) -> object:
    """Import the conversion chain only when asked: ``teipipe validate`` starts faster."""
    if name in ("convert_text", "convert_file"):
        from pipeline import convert

        return getattr(convert, name)
    raise AttributeError(name)
