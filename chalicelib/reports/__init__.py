"""reports: PACS as service centres and their e-PACS conversion, and the fortnightly review
(JSON and a PDF with charts) built from every service's public figures."""
