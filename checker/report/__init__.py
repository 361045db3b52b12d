"""The report: JSON in and out (report_io), its schema, the terminal table, and the exports."""
