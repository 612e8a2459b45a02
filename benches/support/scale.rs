//! Plans shaped to stress one dimension, for the scaling benchmarks (`benches/build.rs`,
//! `benches/tree.rs`), and the small timing helpers the reports share.
//!
//! - [`budget_plan`]: a one-year campaign whose budget has N lines (paid lines on channels that
//!   post every day, production, influencer, tools, events, fees; ranges, phases and one-off
//!   payments; the three pacings);
//! - [`schedule_plan`]: a one-year campaign whose schedules expand to about N post occurrences
//!   (ten posts a day on each of N / 3 650 channels, each channel rotating its own five messages);
//! - [`write_tree`]: a directory of campaign files in groups, each group sharing one file of
//!   roles and audiences that every campaign of the group imports.
//!
//! Every plan is valid and checks without a single diagnostic (the benchmarks assert it), so the
//! timings measure the passes and emitters on their normal path. Deterministic for a seed
//! (the xorshift PRNG of `generator.rs`, copied so that this module stands alone).

#![allow(dead_code)]

use std::fmt::{self, Write as _};
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};

// The generator's deterministic PRNG: benches that include this module include
// `support/generator.rs` as `generator` too.
use crate::generator::Rng;

// ---------------------------------------------------------------------------------- timing

/// An input size in bytes of `.smm` text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Size(pub usize);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 >= 1_000_000 {
            write!(f, "{:>2} MB", self.0 / 1_000_000)
        } else {
            write!(f, "{} KB", self.0 / 1_000)
        }
    }
}

impl fmt::Debug for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The median of some samples (the mean of the middle two for an even count).
pub fn median(xs: &mut [f64]) -> f64 {
    assert!(!xs.is_empty());
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// How many runs the reports take for each median: `SMM_BENCH_RUNS`, else `default`.
pub fn runs(default: usize) -> usize {
    std::env::var("SMM_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------- pieces

const YEAR_START: &str = "2027-01-01";
const YEAR_END: &str = "2027-12-31";

fn year_day(i: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + Duration::days(i)
}

/// Platforms whose posts need neither media nor a title, with a short text they accept.
const TEXT_PLATFORMS: [&str; 6] = [
    "facebook", "linkedin", "x", "threads", "bluesky", "mastodon",
];

/// Cents as an amount literal: `1234.50 EUR`.
fn eur(cents: i64) -> String {
    if cents % 100 == 0 {
        format!("{} EUR", cents / 100)
    } else {
        format!("{}.{:02} EUR", cents / 100, cents % 100)
    }
}

/// The head shared by the one-year plans: campaign, roles, two phases, an objective with its
/// KPI and an audience.
fn year_head(o: &mut String, title: &str, total_cents: i64) {
    let _ = write!(
        o,
        "campaign \"{title}\" {{\n  brand \"Maison Lumière\"\n  start {YEAR_START}\n  end {YEAR_END}\n  timezone \"Europe/Paris\"\n  budget {}\n  owner finance\n  description \"Une année de présence continue sur les réseaux, pilotée ligne à ligne.\"\n}}\n\n",
        eur(total_cents)
    );
    o.push_str("role finance { title \"Contrôleur de gestion\"; name \"Inès Marchand\"; email \"ines.marchand@maison-lumiere.example\" }\n");
    o.push_str("role community { title \"Community manager\"; name \"Yanis Benali\" }\n\n");
    o.push_str("phase h1 { start 2027-01-01; end 2027-06-30; description \"Premier semestre\" }\n");
    o.push_str(
        "phase h2 { start 2027-07-01; end 2027-12-31; description \"Second semestre\" }\n\n",
    );
    o.push_str("objective notoriete { kind awareness; description \"Rester visible toute l'année\"; owner finance }\n\n");
    o.push_str("audience grand_public {\n  description \"Adultes qui aménagent leur intérieur\"\n  age 25..54\n  locations [FR, BE, CH]\n  languages [fr]\n  interests [\"décoration\", \"luminaires\"]\n  segment b2c\n  size 2_400_000\n}\n\n");
    o.push_str("kpi portee { objective notoriete; metric reach; target >= 5_000_000; review monthly; owner finance; source \"Outils natifs\" }\n\n");
}

/// `n` messages named `{prefix}_{i}`, short texts every text platform accepts.
fn messages(o: &mut String, prefix: &str, n: usize, rng: &mut Rng) {
    const TEXTS: [&str; 6] = [
        "Une lampe, une pièce, une ambiance : on vous montre comment. #MaisonLumiere",
        "Astuce du jour : éclairez le mur, pas la pièce. La lumière indirecte agrandit tout.",
        "Dans l'atelier de Lyon, chaque abat-jour est cousu main. Visite guidée en images.",
        "2 700 K pour le salon, 4 000 K pour le bureau : vos yeux vous diront merci.",
        "Vos intérieurs, éclairés par nos lampes : partagez les vôtres avec #MaLumiere",
        "Nouvelle teinte « laiton brossé » disponible sur toute la gamme, livraison offerte.",
    ];
    for i in 0..n {
        let text = rng.pick(&TEXTS);
        let _ = writeln!(
            o,
            "message {prefix}_{i} {{ objective notoriete; audience grand_public; language fr; text \"{text} ({prefix} {i})\" }}"
        );
    }
    o.push('\n');
}

// ---------------------------------------------------------------------------------- budget

/// A generated plan and what it is made of.
pub struct Scaled {
    /// The `.smm` text.
    pub smm: String,
    /// Budget lines written.
    pub lines: usize,
    /// Post occurrences the schedules expand to.
    pub occurrences: usize,
}

/// A one-year campaign whose budget has `lines` lines (≥ 1). Eight channels post once a day
/// each, so that every paid line has posts within its dates.
pub fn budget_plan(lines: usize, seed: u64) -> Scaled {
    let lines = lines.max(1);
    let mut rng = Rng::new(seed);
    const CHANNELS: usize = 8;
    // Amounts first: the total is the lines plus a 5 % reserve, the last line taking the rest.
    let mut body = String::new();
    let mut sum: i64 = 0;
    const CATEGORIES: [&str; 6] = [
        "production",
        "influencer",
        "tools",
        "events",
        "fees",
        "other",
    ];
    const VENDORS: [&str; 5] = [
        "Studio Nord",
        "Atelier Vertical",
        "Agence Rivage",
        "@lea.deco",
        "Suite de publication",
    ];
    for i in 0..lines - 1 {
        let cents = rng.range(5_000, 800_000) / 50 * 50;
        sum += cents;
        let paid = i % 3 == 0;
        let _ = write!(body, "  line l{i:05} {{ category ");
        if paid {
            let _ = write!(body, "paid; channel ch_{}", i / 3 % CHANNELS);
        } else {
            body.push_str(CATEGORIES[rng.below(CATEGORIES.len())]);
        }
        let _ = write!(body, "; amount {}", eur(cents));
        let once = !paid && rng.below(10) >= 8;
        if once {
            // A one-off payment, some before the campaign.
            let _ = write!(body, "; on {}", year_day(rng.range(-30, 364)));
        } else {
            if rng.below(4) == 0 {
                let _ = write!(body, "; during h{}", 1 + rng.below(2));
            } else {
                let a = rng.range(0, 364);
                let b = rng.range(0, 364);
                let _ = write!(
                    body,
                    "; start {}; end {}",
                    year_day(a.min(b)),
                    year_day(a.max(b))
                );
            }
            let _ = write!(body, "; pacing {}", ["even", "front", "back"][rng.below(3)]);
        }
        if paid || rng.below(2) == 0 {
            body.push_str("; objective notoriete");
        }
        if !paid {
            let _ = write!(body, "; vendor \"{}\"", VENDORS[rng.below(VENDORS.len())]);
        }
        body.push_str(" }\n");
    }
    // Total: lines / 0.95 rounded up to 1 000 EUR; reserve 5 %; the last line takes the rest.
    let total = ((sum * 100 / 95) / 100_000 + 2) * 100_000;
    let reserve = total * 5 / 100;
    let last = total - reserve - sum;
    let _ = writeln!(
        body,
        "  line l{:05} {{ category fees; amount {}; start {YEAR_START}; end {YEAR_END}; pacing even; vendor \"Agence Rivage\" }}",
        lines - 1,
        eur(last)
    );

    let mut o = String::with_capacity(body.len() + 8_000);
    let _ = writeln!(
        o,
        "// A one-year budget of {lines} lines (benches/support/scale.rs).\n"
    );
    year_head(&mut o, "Budget annuel", total);
    for c in 0..CHANNELS {
        let _ = writeln!(
            o,
            "channel ch_{c} {{ platform {}; handle \"@maisonlumiere{c}\"; owner community }}",
            TEXT_PLATFORMS[c % TEXT_PLATFORMS.len()]
        );
    }
    o.push('\n');
    messages(&mut o, "quotidien", 7, &mut rng);
    o.push_str("schedule au_quotidien {\n  post [quotidien_0, quotidien_1, quotidien_2, quotidien_3, quotidien_4, quotidien_5, quotidien_6] to [");
    for c in 0..CHANNELS {
        if c > 0 {
            o.push_str(", ");
        }
        let _ = write!(o, "ch_{c}");
    }
    o.push_str("] every day at 12:00 repeat\n}\n\n");
    o.push_str("budget {\n");
    let _ = writeln!(o, "  total {}\n  reserve 5%\n", eur(total));
    o.push_str(&body);
    o.push_str("}\n");
    Scaled {
        smm: o,
        lines,
        occurrences: CHANNELS * 365,
    }
}

// ---------------------------------------------------------------------------------- schedule

/// Posts a day on each channel of [`schedule_plan`].
pub const POSTS_A_DAY: usize = 10;

/// A one-year campaign whose schedules expand to about `occurrences` posts: ten a day on each
/// of `round(occurrences / 3 650)` channels (at least one), each channel rotating five messages
/// of its own; one paid budget line per channel.
pub fn schedule_plan(occurrences: usize, seed: u64) -> Scaled {
    let mut rng = Rng::new(seed);
    let per_channel = POSTS_A_DAY * 365;
    let channels = ((occurrences + per_channel / 2) / per_channel).max(1);
    let line_cents = 150_000;
    let total = (channels as i64 * line_cents * 100 / 90 / 100_000 + 1) * 100_000;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "// A one-year schedule of {} posts (benches/support/scale.rs).\n",
        channels * per_channel
    );
    year_head(&mut o, "Présence continue", total);
    for c in 0..channels {
        let _ = writeln!(
            o,
            "channel ch_{c} {{ platform {}; handle \"@maisonlumiere{c}\"; owner community }}",
            TEXT_PLATFORMS[c % TEXT_PLATFORMS.len()]
        );
    }
    o.push('\n');
    for c in 0..channels {
        messages(&mut o, &format!("c{c}"), 5, &mut rng);
    }
    // Times between 08:00 and 21:45, ten a day, a different set on each channel.
    for (s, chunk) in (0..channels).collect::<Vec<_>>().chunks(10).enumerate() {
        let _ = writeln!(o, "schedule fil_{s} {{");
        for &c in chunk {
            let offset = (c * 7) % 45;
            let times: Vec<String> = (0..POSTS_A_DAY)
                .map(|k| {
                    let m = 8 * 60 + offset + k * 80;
                    format!("{:02}:{:02}", m / 60, m % 60)
                })
                .collect();
            let _ = writeln!(
                o,
                "  post [c{c}_0, c{c}_1, c{c}_2, c{c}_3, c{c}_4] to ch_{c} every day at [{}] repeat",
                times.join(", ")
            );
        }
        o.push_str("}\n\n");
    }
    o.push_str("budget {\n");
    let _ = writeln!(o, "  total {}\n  reserve 10%\n", eur(total));
    let mut sum = 0;
    for c in 0..channels {
        let cents = line_cents;
        sum += cents;
        let _ = writeln!(
            o,
            "  line ads_{c} {{ category paid; channel ch_{c}; amount {}; during h{}; pacing front; objective notoriete }}",
            eur(cents),
            1 + c % 2
        );
    }
    let _ = writeln!(
        o,
        "  line agence {{ category fees; amount {}; on {YEAR_END}; vendor \"Agence Rivage\" }}\n}}",
        eur(total - total / 10 - sum)
    );
    let _ = rng.next_u64();
    Scaled {
        smm: o,
        lines: channels + 1,
        occurrences: channels * per_channel,
    }
}

// ---------------------------------------------------------------------------------- tree

/// What [`write_tree`] wrote.
pub struct Tree {
    /// Campaign files (entry files).
    pub campaigns: usize,
    /// Shared files (imported, no campaign).
    pub shared: usize,
    /// Bytes written, all files.
    pub bytes: usize,
}

/// Writes `campaigns` campaign files into `dir` in `groups` folders `group_GG/`, each holding
/// `shared/team.smm` (three roles, three audiences) imported by every campaign of the group,
/// `campaign_NNNN.smm`. `dir` is created if needed; existing files are overwritten.
pub fn write_tree(dir: &Path, campaigns: usize, groups: usize, seed: u64) -> std::io::Result<Tree> {
    let groups = groups.max(1);
    let mut rng = Rng::new(seed);
    let mut bytes = 0;
    for g in 0..groups {
        let shared = dir.join(format!("group_{g:02}")).join("shared");
        std::fs::create_dir_all(&shared)?;
        let text = team(g);
        bytes += text.len();
        std::fs::write(shared.join("team.smm"), text)?;
    }
    for i in 0..campaigns {
        let g = i % groups;
        let text = tree_campaign(i, &mut rng);
        bytes += text.len();
        std::fs::write(
            dir.join(format!("group_{g:02}"))
                .join(format!("campaign_{i:04}.smm")),
            text,
        )?;
    }
    Ok(Tree {
        campaigns,
        shared: groups,
        bytes,
    })
}

/// The shared file of group `g`: roles and audiences, no campaign.
pub fn team(g: usize) -> String {
    format!(
        r#"// Team and personas shared by every campaign of group {g} (benches/support/scale.rs).

role strategist {{ title "Head of Social Media"; name "Dana Whitfield {g}"; email "dana{g}@tessera.example" }}
role community  {{ title "Community Manager"; name "Luis Ortega {g}" }}
role content    {{ title "Content Marketing Lead"; name "Priya Raman {g}" }}

audience finance_leaders {{
  description "CFOs and VPs of Finance at mid-market companies (200–2,000 employees)"
  segment b2b
  age 35..60
  locations [US, CA]
  languages [en]
  interests ["month-end close", "FP&A", "ERP migration", "audit readiness"]
  timezone "America/New_York"
  size {}
}}

audience controllers {{
  description "Controllers and accounting managers who run the close day to day"
  segment b2b
  age 28..55
  locations [US]
  languages [en]
  interests ["account reconciliation", "close checklists", "NetSuite"]
  timezone "America/Chicago"
  size 260_000
}}

audience uk_finance {{
  description "Finance directors and financial controllers in the UK and Ireland"
  segment b2b
  age 30..60
  locations [GB, IE]
  languages [en]
  interests ["month-end close", "IFRS"]
  timezone "Europe/London"
  size 48_000
}}
"#,
        100_000 + g * 1_000
    )
}

/// Campaign `i` of the tree: about 6 KB, 12 weeks starting on a Monday of 2027, importing its
/// group's team; LinkedIn, a CEO profile, a newsletter and a blog; series, one-off posts, a
/// budget, KPIs and tasks.
pub fn tree_campaign(i: usize, rng: &mut Rng) -> String {
    let start = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap() + Duration::weeks((i % 36) as i64);
    let end = start + Duration::days(83);
    let launch = start + Duration::days(28);
    let nurture = start + Duration::days(56);
    let budget = 20_000 + 1_000 * (i % 30) as i64;
    let mut o = String::with_capacity(7_000);
    let _ = write!(
        o,
        r#"// Campaign {i} of the tree (benches/support/scale.rs).

import "shared/team.smm"

campaign "Tessera campaign {i:04} — {y}-W{w:02}" {{
  brand "Tessera"
  start {start}
  end {end}
  timezone "America/New_York"
  budget {budget} USD
  owner strategist
  description "Campaign {i}: make Tessera Close known to finance teams and fill the webinars."
}}

phase prelaunch {{ start {start}; end {pre_end} }}
phase launch {{ start {launch}; end {launch_end} }}
phase nurture {{ start {nurture}; end {end} }}

objective awareness {{ kind awareness; description "Be known to mid-market finance teams"; owner strategist }}
objective pipeline {{ kind leads; description "Demo requests and webinar sign-ups"; owner strategist }}
objective retention {{ kind loyalty; description "Keep customers reading"; owner content }}

channel linkedin {{ handle "linkedin.com/company/tessera-{i}"; owner community; max_per_day 3 }}
channel ceo_linkedin {{ platform linkedin; handle "linkedin.com/in/ceo-{i}"; owner content }}
channel newsletter {{ platform newsletter; handle "Close Notes {i}"; owner content }}
channel blog {{ handle "tessera.example/blog/{i}"; owner content }}

"#,
        y = start.iso_week().year(),
        w = start.iso_week().week(),
        pre_end = launch - Duration::days(1),
        launch_end = nurture - Duration::days(1),
    );
    const TOPICS: [&str; 8] = [
        "Nine business days: the median close of a mid-market finance team.",
        "78% of controllers still track close tasks in a spreadsheet.",
        "Reviewers are the bottleneck of the close, not preparers.",
        "Reconciliations matched every night against your ERP: review the exceptions only.",
        "Give your auditors a read-only login instead of 300 emails.",
        "Flux analysis with the explanation attached travels into the board pack.",
        "From ten days to four across fourteen entities, without a single hire.",
        "A five-day close calendar and forty checklist templates, free.",
    ];
    let audiences = ["finance_leaders", "controllers", "uk_finance"];
    for k in 0..8 {
        let _ = writeln!(
            o,
            "message insight_{k} {{\n  objective {}\n  audience [{}, {}]\n  language en\n  text \"{} #MonthEndClose #FinanceOps\"\n}}",
            if k % 2 == 0 { "awareness" } else { "pipeline" },
            audiences[k % 3],
            audiences[(k + 1) % 3],
            rng.pick(&TOPICS)
        );
    }
    for k in 0..4 {
        let _ = writeln!(
            o,
            "message feature_{k} {{ objective pipeline; audience controllers; language en; cta \"Book a demo\"; link \"https://tessera.example/close/{k}\"; text \"{}\" }}",
            rng.pick(&TOPICS)
        );
    }
    let _ = writeln!(
        o,
        "message launch_day {{\n  objective awareness\n  audience [finance_leaders, controllers, uk_finance]\n  title \"Introducing Tessera Close\"\n  text \"\"\"\n    Introducing Tessera Close: the month-end close, without the spreadsheet.\n\n    → Close checklists that assign, remind and escalate on their own\n    → Reconciliations matched against your ERP every night\n    → An audit trail your auditors can open themselves\n\n    #MonthEndClose #FinanceOps #CFO\n    \"\"\"\n  link \"https://tessera.example/close\"\n  cta \"Book a demo\"\n  language en\n  owner community\n  variant ceo_linkedin {{ text \"Tessera Close is live. Thank you to our design partners \\u{{1F64F}} https://tessera.example/close\" }}\n}}"
    );
    for k in 0..3 {
        let _ = writeln!(
            o,
            "message nl_{k} {{ objective retention; audience [finance_leaders, controllers, uk_finance]; language en; title \"Close Notes #{}\"; text \"{}\"; link \"https://tessera.example/newsletter/{i}-{k}\" }}",
            i * 3 + k,
            rng.pick(&TOPICS)
        );
    }
    let _ = write!(
        o,
        r#"
schedule posts {{
  post [insight_0, insight_1, insight_2, insight_3, insight_4, insight_5, insight_6, insight_7] to linkedin every [tue, thu] at 10:00 repeat
  post [feature_0, feature_1, feature_2, feature_3] to [linkedin, ceo_linkedin] every wed at 12:00 during launch
  post launch_day to [linkedin, ceo_linkedin, blog] at {launch} 09:00
  post [nl_0, nl_1, nl_2] to newsletter every 4 weeks on tue at 08:00
}}

budget {{
  total {budget} USD
  reserve 10%
  line lead_gen {{ category paid; channel linkedin; amount {lead} USD; during launch; pacing front; objective pipeline }}
  line retargeting {{ category paid; channel linkedin; amount {retarget} USD; during nurture; pacing back; objective pipeline }}
  line ceo_ads {{ category paid; channel ceo_linkedin; amount {ceo} USD; during launch; pacing even; objective awareness }}
  line production {{ category production; amount {prod} USD; during prelaunch; vendor "Brightframe Studio" }}
  line platform {{ category tools; amount 1200 USD; on {start}; vendor "Webinar platform" }}
  line agency {{ category fees; amount 15%; start {start}; end {end}; vendor "Northpoint B2B" }}
}}

kpi impressions {{ objective awareness; metric impressions; channel [linkedin, ceo_linkedin]; target >= 900_000; review weekly; owner community }}
kpi leads {{ objective pipeline; metric leads; channel linkedin; target >= {leads}; review weekly; owner strategist }}
kpi cost_per_lead {{ objective pipeline; metric cpl; channel linkedin; target <= 80 USD; baseline 112.50 USD; review weekly; owner strategist }}
kpi subscribers {{ objective retention; metric custom "Newsletter subscribers"; channel newsletter; target >= 6_000; review monthly; owner content }}

task moderation {{ owner community; every weekday at [09:00, 15:00]; duration 30min; channels [linkedin, ceo_linkedin]; description "Reply to comments and DMs" }}
task weekly_report {{ owner community; every fri at 15:00; duration 1h; description "Weekly report" }}
task pipeline_review {{ owner strategist; every 2 weeks on mon at 16:00 during nurture; duration 45min; description "Lead quality with sales" }}
"#,
        lead = budget * 35 / 100,
        retarget = budget * 20 / 100,
        ceo = budget * 10 / 100,
        prod = budget * 10 / 100 - 1200,
        leads = budget * 55 / 100 / 80 - 1,
    );
    o
}
