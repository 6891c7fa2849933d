"""claimdesk: a desktop fact-checking desk."""

__version__ = "0.1.0"
