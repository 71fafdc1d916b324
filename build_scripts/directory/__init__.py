"""The organisation directory (PIC, name, country, type from CORDIS), committed in
src/horizon_eligibility/directory/ and rebuilt with `make directory`."""
