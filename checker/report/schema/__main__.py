"""`python -m checker.report.schema`: write the generated schemas beside their models."""

from checker.report.schema import write_schemas

for path in write_schemas():
    print(path)
