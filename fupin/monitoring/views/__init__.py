"""Pages of the monitoring, a module per entity: board (early-warning board, inbox), signals (the three
channels), cases (procedure, measures, risk cleared), rules (the city's risk rules), exits (贫困户退出)."""
