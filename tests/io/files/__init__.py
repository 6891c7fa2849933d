"""Generators for the files the import tests read: nothing binary is committed."""
