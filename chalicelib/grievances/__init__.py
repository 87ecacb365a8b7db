"""grievances: CM Helpline-style filing, tracking, routing, escalation L1→L4, feedback, the housing
monitoring cell's instructions, reports, CPGRAMS import and Open311 GeoReport v2."""
