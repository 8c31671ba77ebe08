"""Writes of the monitoring, one module per entity: each use case atomic, scope-checked and audited.

signals (the three channels and the rule runs), rules (the city's risk rules), cases (the procedure with
its deadlines, and risk cleared), measures (一户一策), exits (贫困户退出).
"""
