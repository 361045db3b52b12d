"""`python -m checker.schema`: write the generated schemas beside their models."""

from checker.schema import write_schemas

for path in write_schemas():
    print(path)
