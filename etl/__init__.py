"""etl: podcast episode sources in, one validated schema out, published as JSON and RSS."""

__version__ = "0.1.0"
