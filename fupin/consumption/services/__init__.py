"""Writes of the consumption app, one module per entity; each service is scoped and audited."""
