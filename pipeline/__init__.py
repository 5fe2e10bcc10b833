"""resbrief: UN resolution PDFs to structured data and briefing packs."""

__version__ = "0.1.0"
