import assert from "node:assert/strict";
import { test } from "node:test";

import { yearToday } from "../../docs/assets/javascripts/country-short.mjs";
import { python } from "./helpers.mjs";

// The programmes as a country page carries them (SiteData.short_answers), and the build's own choice of the
// current call year for each date, asked of the Python side.
const asked = python(
  `import datetime as dt
from build_scripts.site.queries import SiteData
d = SiteData()
out = {"programmes": d.short_answers("DE")["programmes"], "years": {}}
for year in DATA:
    programme, call_year = d.call_year_today(dt.date(year, 6, 1))
    out["years"][str(year)] = [programme.id, call_year]
print(json.dumps(out))`,
  [2010, 2014, 2016, 2020, 2021, 2026, 2027, 2031],
);

test("the page's default call year is the build's, whatever today's date", () => {
  for (const [year, expected] of Object.entries(asked.years)) {
    const { programme, year: callYear } = yearToday(asked.programmes, new Date(Number(year), 5, 1));
    assert.deepEqual([programme.id, callYear], expected, year);
  }
});
