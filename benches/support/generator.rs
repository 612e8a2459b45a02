//! Large, realistic, valid campaign plans for benchmarks, written twice: as `.smm` text and as
//! the same plan in JSON.
//!
//! [`campaign`] writes ONE coherent project: a campaign, its roles and phases, then as many
//! "markets" as the target size needs (France, Belgique, United Kingdom…, numbered `007`), each
//! with its objectives, audiences, channels on several platforms, messages with per-platform
//! variants (French or English texts with hashtags, emoji, links, escapes and text blocks), a
//! schedule of one-off and recurring posts, KPIs and a moderation task; then one budget whose
//! total covers every line. The plan stays valid however large it grows:
//!
//! - every reference resolves (objectives, audiences, roles, channels, phases, messages);
//! - every declaration is used (each audience, channel, objective, role, phase and message);
//! - every date lies inside the campaign (2027-03-01 to 2027-05-31; payments may precede it);
//! - channels belong to one market, and within a market every `post` statement gets its own
//!   time of day, so no channel has two posts at the same minute; `max_per_day` is set to an
//!   upper bound of the posts a day;
//! - posts are between 09:00 and 19:30 in Europe/Paris and every audience lives in Europe, so
//!   none is at night in the audience's zone;
//! - series are `repeat`ed or sized to their slots; each objective has KPIs whose metrics fit
//!   its kind; budget lines plus reserve stay under the total; paid lines spend on channels that
//!   post; texts stay within the platforms' lengths and hashtag counts; YouTube, TikTok,
//!   Pinterest, blog and newsletter posts have the video or title they need.
//!
//! Deterministic for a seed (a xorshift PRNG, no dependency). Used by `benches/*.rs` and
//! `tests/generator.rs` through `#[path = "…/support/generator.rs"] mod generator;`.

#![allow(dead_code)]

use std::fmt::Write as _;

/// A generated plan, in both languages.
pub struct Generated {
    /// The plan as `.smm` source.
    pub smm: String,
    /// The same plan as pretty-printed JSON (two-space indentation).
    pub json: String,
    /// How many markets were written.
    pub markets: usize,
    /// How many messages were written.
    pub messages: usize,
    /// How many top-level declarations the `.smm` text has.
    pub declarations: usize,
}

/// Writes a plan of about `target_bytes` of `.smm` text (never less than one market, ~12 KB).
pub fn campaign(target_bytes: usize, seed: u64) -> Generated {
    let mut g = Gen::new(seed);
    let mut k = 0;
    loop {
        g.market(k);
        k += 1;
        if g.size() >= target_bytes {
            break;
        }
    }
    g.finish(k)
}

// ---------------------------------------------------------------------------------- PRNG

/// xorshift64* (Marsaglia's 13/7/17 shifts, then a multiply).
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (any value, 0 included).
    pub fn new(seed: u64) -> Rng {
        let mut r = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
        if r.0 == 0 {
            r.0 = 1;
        }
        r.next_u64();
        r
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// One element of `xs`.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

// ---------------------------------------------------------------------------------- JSON

/// A JSON value being written (objects keep their key order).
enum J {
    Str(String),
    Num(String),
    Bool(bool),
    Arr(Vec<J>),
    Obj(Vec<(&'static str, J)>),
}

fn js(s: impl Into<String>) -> J {
    J::Str(s.into())
}

fn jn(n: impl std::fmt::Display) -> J {
    J::Num(n.to_string())
}

fn jstrs<S: AsRef<str>>(xs: &[S]) -> J {
    J::Arr(xs.iter().map(|s| js(s.as_ref())).collect())
}

fn write_json(out: &mut String, v: &J, depth: usize) {
    match v {
        J::Str(s) => write_json_str(out, s),
        J::Num(n) => out.push_str(n),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Arr(items) if items.is_empty() => out.push_str("[]"),
        J::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        J::Obj(fields) if fields.is_empty() => out.push_str("{}"),
        J::Obj(fields) => {
            out.push('{');
            for (i, (key, value)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json_str(out, key);
                out.push_str(": ");
                write_json(out, value, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------------- .smm text

/// A `.smm` string literal for `s`; with `unicode_escapes`, ✨ and 💡 are written `\u{…}`.
fn smm_str(s: &str, unicode_escapes: bool) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '✨' | '💡' if unicode_escapes => {
                let _ = write!(o, "\\u{{{:X}}}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// A text: one line (a string literal) or several (a `"""` block).
enum Text {
    Line(String),
    Block(Vec<String>),
}

impl Text {
    /// The text as the compiler reads it.
    fn value(&self) -> String {
        match self {
            Text::Line(s) => s.clone(),
            Text::Block(lines) => lines.join("\n"),
        }
    }

    /// Writes `text …` at `indent` spaces (the key included).
    fn write_smm(&self, out: &mut String, key: &str, indent: usize, escapes: bool) {
        pad(out, indent);
        match self {
            Text::Line(s) => {
                let _ = writeln!(out, "{key} {}", smm_str(s, escapes));
            }
            Text::Block(lines) => {
                let _ = writeln!(out, "{key} \"\"\"");
                for line in lines {
                    if !line.is_empty() {
                        pad(out, indent + 2);
                        out.push_str(line);
                    }
                    out.push('\n');
                }
                pad(out, indent + 2);
                out.push_str("\"\"\"\n");
            }
        }
    }
}

fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// Writes a list `[a, b]`, or the single item alone when `bare_single`.
fn smm_list<S: AsRef<str>>(items: &[S], bare_single: bool) -> String {
    if bare_single && items.len() == 1 {
        return items[0].as_ref().to_string();
    }
    let mut s = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(item.as_ref());
    }
    s.push(']');
    s
}

/// `12_000` or `12000`.
fn smm_int(n: i64, underscores: bool) -> String {
    let plain = n.to_string();
    if !underscores || plain.len() <= 4 {
        return plain;
    }
    let mut out = String::new();
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i) % 3 == 0 {
            out.push('_');
        }
        out.push(c);
    }
    out
}

fn date(month: u32, day: u32) -> String {
    format!("2027-{month:02}-{day:02}")
}

/// Euro amounts are kept in cents.
fn smm_eur(cents: i64) -> String {
    if cents % 100 == 0 {
        format!("{} EUR", cents / 100)
    } else {
        format!("{}.{:02} EUR", cents / 100, cents % 100)
    }
}

fn json_eur(cents: i64) -> J {
    J::Obj(vec![
        ("amount", js(format!("{}.{:02}", cents / 100, cents % 100))),
        ("currency", js("EUR")),
    ])
}

// ---------------------------------------------------------------------------------- content

/// (country, language, audience time zone, name, URL path).
const MARKETS: &[(&str, &str, &str, &str, &str)] = &[
    ("FR", "fr", "Europe/Paris", "France", "fr"),
    ("BE", "fr", "Europe/Brussels", "Belgique", "be-fr"),
    ("GB", "en", "Europe/London", "United Kingdom", "uk"),
    ("CH", "fr", "Europe/Zurich", "Suisse romande", "ch-fr"),
    ("IE", "en", "Europe/Dublin", "Ireland", "ie"),
    ("LU", "fr", "Europe/Luxembourg", "Luxembourg", "lu"),
    ("NL", "en", "Europe/Amsterdam", "Netherlands", "nl-en"),
    ("SE", "en", "Europe/Stockholm", "Sweden", "se-en"),
    ("DK", "en", "Europe/Copenhagen", "Denmark", "dk-en"),
    ("PT", "en", "Europe/Lisbon", "Portugal", "pt-en"),
];

/// Platforms beyond the four every market has; each market takes two of them.
const EXTRAS: &[&str] = &[
    "tiktok",
    "youtube",
    "pinterest",
    "threads",
    "bluesky",
    "mastodon",
    "newsletter",
    "blog",
];

/// Times of day for posts, one per statement within a market.
const SLOTS: &[&str] = &[
    "09:00", "09:30", "10:15", "11:00", "11:45", "12:30", "13:15", "14:00", "15:00", "16:00",
    "17:00", "17:30", "18:15", "19:00", "19:30",
];

const PEOPLE: &[(&str, &str)] = &[
    ("Yanis Benali", "yanis.benali"),
    ("Léa Martin", "lea.martin"),
    ("Chloé Dubois", "chloe.dubois"),
    ("Hugo Lefèvre", "hugo.lefevre"),
    ("Inès Moreau", "ines.moreau"),
    ("Thomas Girard", "thomas.girard"),
    ("Emma Wilson", "emma.wilson"),
    ("Oliver Byrne", "oliver.byrne"),
    ("Sofia Jansen", "sofia.jansen"),
    ("Lucas Bernard", "lucas.bernard"),
    ("Manon Petit", "manon.petit"),
    ("Noah Lambert", "noah.lambert"),
    ("Zoé Rousseau", "zoe.rousseau"),
    ("Finn Larsen", "finn.larsen"),
];

const EMOJI: &[&str] = &["✨", "🌿", "💡", "🏡", "🌸", "👉", "📦", "☀️", "🕯️", "🎁"];

const TAGS: &[&str] = &[
    "#MaisonLumiere",
    "#GammeLumiere",
    "#Printemps2027",
    "#DecoDesign",
    "#Luminaire",
    "#MadeInFrance",
    "#HomeDecor",
    "#InteriorDesign",
    "#SlowDesign",
    "#Artisanat",
    "#LightingDesign",
    "#AstuceLumiere",
];

struct Lang {
    hooks: &'static [&'static str],
    details: &'static [&'static str],
    closers: &'static [&'static str],
    ctas: &'static [&'static str],
    video_titles: &'static [&'static str],
    article_titles: &'static [&'static str],
    subjects: &'static [&'static str],
    paragraphs: &'static [&'static str],
    interests: &'static [&'static str],
    pro_interests: &'static [&'static str],
    audience: &'static str,
    pro_audience: &'static str,
    moderation: &'static str,
}

const FR: Lang = Lang {
    hooks: &[
        "Quelque chose de lumineux arrive le 15 mars",
        "La gamme Lumière se dévoile enfin",
        "Nos lampes en lin lavé sont de retour",
        "Un salon plus doux en trois gestes",
        "Dans les coulisses de notre atelier lyonnais",
        "Le printemps entre dans la maison",
        "Petite lampe, grande ambiance",
        "Vous nous avez demandé une version nomade : la voici",
        "Édition limitée : 300 pièces numérotées",
        "Lumière chaude, matériaux recyclés, fabrication française",
        "Comment choisir la bonne hauteur de suspension ?",
        "Trois idées pour éclairer une entrée sombre",
        "Notre lampe \"Aube\" a un secret",
        "Halo, Nuit, Zénith : laquelle est faite pour vous ?",
    ],
    details: &[
        "Disponible dès le 15 mars en boutique et en ligne",
        "Livraison offerte jusqu'au 31 mars",
        "Conçue avec des artisans de la Drôme",
        "Pensée pour les petits espaces",
        "En verre soufflé bouche, chaque pièce est unique",
        "Ampoule LED 2 700 K, 4 W seulement",
        "À découvrir dans nos 12 boutiques",
        "Garantie 5 ans, pièces détachées disponibles",
        "Un variateur tactile caché dans le pied en laiton",
    ],
    closers: &[
        "Dites-nous en commentaire laquelle vous préférez 👇",
        "Rendez-vous en story pour les coulisses",
        "Lien en bio",
        "Plus d'infos sur notre site",
        "Enregistrez ce post pour plus tard",
    ],
    ctas: &[
        "Découvrir",
        "Voir la collection",
        "Réserver ma lampe",
        "S'inscrire",
        "En savoir plus",
        "Profiter de l'offre",
    ],
    video_titles: &[
        "Halo : du verre soufflé à la suspension",
        "3 ambiances avec une seule lampe",
        "Visite de l'atelier Maison Lumière",
        "Bien choisir sa température de couleur",
    ],
    article_titles: &[
        "Éclairer un petit salon : le guide",
        "Pourquoi nous fabriquons à Lyon",
        "Lumière et sommeil : ce qu'il faut savoir",
        "Cinq erreurs d'éclairage à éviter",
    ],
    subjects: &[
        "La lettre Lumière — mars",
        "Nouveautés et coulisses du printemps",
        "Votre intérieur, version printemps",
    ],
    paragraphs: &[
        "Chez Maison Lumière, chaque lampe est dessinée, assemblée et contrôlée à Lyon.",
        "Nous avons passé dix-huit mois à tester des matières : lin lavé, laiton brossé, verre soufflé.",
        "Résultat : une lumière chaude qui ne fatigue pas les yeux, même tard le soir.",
        "Nous recrutons aussi des revendeurs indépendants : écrivez-nous.",
        "Merci aux 40 artisans partenaires qui ont rendu ce lancement possible.",
    ],
    interests: &[
        "décoration",
        "design",
        "artisanat",
        "éco-conception",
        "petits espaces",
        "rénovation",
        "objets d'éditeur",
    ],
    pro_interests: &[
        "architecture d'intérieur",
        "hôtellerie",
        "aménagement de bureaux",
        "retail",
    ],
    audience: "Jeunes actifs urbains, sensibles au design abordable",
    pro_audience: "Architectes d'intérieur et décorateurs professionnels",
    moderation: "Répondre aux commentaires et aux messages privés, masquer les spams, remonter le SAV",
};

const EN: Lang = Lang {
    hooks: &[
        "Something bright is coming on 15 March",
        "Meet the Lumière collection",
        "Our washed-linen lamps are back",
        "A softer living room in three steps",
        "Behind the scenes at our Lyon workshop",
        "Spring is moving in",
        "Small lamp, big mood",
        "You asked for a cordless version: here it is",
        "Limited edition: 300 numbered pieces",
        "Warm light, recycled materials, made in France",
        "How high should a pendant hang?",
        "Three ideas to light a dark hallway",
        "Our \"Aube\" lamp has a secret",
        "Halo, Nuit, Zénith: which one is yours?",
    ],
    details: &[
        "Available from 15 March in store and online",
        "Free delivery until 31 March",
        "Made with craftspeople from the Drôme",
        "Designed for small spaces",
        "Mouth-blown glass: every piece is unique",
        "2,700 K LED bulb, only 4 W",
        "Now in our 12 shops",
        "5-year warranty, spare parts available",
        "A touch dimmer hidden in the brass base",
    ],
    closers: &[
        "Tell us which one you prefer 👇",
        "Behind the scenes in our stories",
        "Link in bio",
        "More on our website",
        "Save this post for later",
    ],
    ctas: &[
        "Discover",
        "Shop the collection",
        "Reserve yours",
        "Sign up",
        "Learn more",
        "Get the offer",
    ],
    video_titles: &[
        "Halo: from blown glass to pendant",
        "3 moods with a single lamp",
        "Inside the Maison Lumière workshop",
        "Choosing the right colour temperature",
    ],
    article_titles: &[
        "Lighting a small living room: the guide",
        "Why we make our lamps in Lyon",
        "Light and sleep: what to know",
        "Five lighting mistakes to avoid",
    ],
    subjects: &[
        "The Lumière letter — March",
        "New in and behind the scenes this spring",
        "Your home, spring edition",
    ],
    paragraphs: &[
        "At Maison Lumière, every lamp is designed, assembled and checked in Lyon.",
        "We spent eighteen months testing materials: washed linen, brushed brass, blown glass.",
        "The result: warm light that is easy on the eyes, even late in the evening.",
        "We are also looking for independent retailers: get in touch.",
        "Thank you to the 40 partner workshops who made this launch possible.",
    ],
    interests: &[
        "home decor",
        "design",
        "craftsmanship",
        "sustainable design",
        "small spaces",
        "renovation",
    ],
    pro_interests: &[
        "interior architecture",
        "hospitality",
        "office design",
        "retail",
    ],
    audience: "Young urban professionals who like affordable design",
    pro_audience: "Interior designers and decorators",
    moderation: "Reply to comments and direct messages, hide spam, escalate customer service",
};

/// Objective kinds for a market's second objective, with the KPIs that fit each:
/// (metric, target operator, target in .smm, target in JSON, review).
const KINDS: &[&str] = &[
    "engagement",
    "traffic",
    "leads",
    "conversion",
    "loyalty",
    "advocacy",
];

// ---------------------------------------------------------------------------------- plan model

/// When a post happens.
enum When {
    /// `at DATE TIME`: one post.
    At(String, usize),
    /// `every … at TIMES RANGE [repeat]`.
    Every {
        rec: Rec,
        slots: Vec<usize>,
        range: Range,
        repeat: bool,
    },
}

/// A recurrence.
enum Rec {
    Days(&'static [&'static str]),
    Weekday,
    Day,
    Weeks(u32, &'static [&'static str]),
    Month(u32),
}

impl Rec {
    fn smm(&self) -> String {
        match self {
            Rec::Days(days) => format!("every {}", smm_list(days, true)),
            Rec::Weekday => "every weekday".into(),
            Rec::Day => "every day".into(),
            Rec::Weeks(n, days) => format!("every {n} weeks on {}", smm_list(days, true)),
            Rec::Month(day) => format!("every month on day {day}"),
        }
    }

    fn json(&self) -> J {
        match self {
            Rec::Days(days) => J::Obj(vec![("freq", js("weekly")), ("weekdays", jstrs(days))]),
            Rec::Weekday => J::Obj(vec![("freq", js("weekdays"))]),
            Rec::Day => J::Obj(vec![("freq", js("daily"))]),
            Rec::Weeks(n, days) => J::Obj(vec![
                ("freq", js("weekly")),
                ("interval", jn(n)),
                ("weekdays", jstrs(days)),
            ]),
            Rec::Month(day) => J::Obj(vec![("freq", js("monthly")), ("month_day", jn(day))]),
        }
    }
}

/// The dates a recurrence covers.
enum Range {
    Campaign,
    During(&'static str),
    FromTo(String, String),
}

struct Post {
    msgs: Vec<usize>,
    chans: Vec<usize>,
    when: When,
}

struct Media {
    kind: &'static str,
    path: String,
}

impl Media {
    fn smm(&self) -> String {
        format!("{} {}", self.kind, smm_str(&self.path, false))
    }

    fn json(&self) -> J {
        J::Obj(vec![("kind", js(self.kind)), ("path", js(&self.path))])
    }
}

#[derive(Default)]
struct Variant {
    channel: String,
    text: Option<Text>,
    title: Option<String>,
    media: Option<Media>,
}

struct Chan {
    name: String,
    platform: &'static str,
}

// ---------------------------------------------------------------------------------- generator

struct Gen {
    rng: Rng,
    /// Markets' declarations, in file order.
    body: String,
    /// Roles of community managers (written after the global roles).
    roles: String,
    /// Budget lines.
    lines: String,
    lines_cents: i64,
    messages: usize,
    declarations: usize,
    j_roles: Vec<J>,
    j_objectives: Vec<J>,
    j_audiences: Vec<J>,
    j_channels: Vec<J>,
    j_messages: Vec<J>,
    j_schedules: Vec<J>,
    j_lines: Vec<J>,
    j_kpis: Vec<J>,
    j_tasks: Vec<J>,
}

const CAMPAIGN_TITLE: &str = "Printemps 2027 — gamme Lumière";
/// A month and a day of 2027.
type Day = (u32, u32);
const PHASES: &[(&str, Day, Day)] = &[
    ("teasing", (3, 1), (3, 14)),
    ("launch", (3, 15), (4, 15)),
    ("sustain", (4, 16), (5, 31)),
];

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng::new(seed),
            body: String::new(),
            roles: String::new(),
            lines: String::new(),
            lines_cents: 0,
            messages: 0,
            declarations: 0,
            j_roles: Vec::new(),
            j_objectives: Vec::new(),
            j_audiences: Vec::new(),
            j_channels: Vec::new(),
            j_messages: Vec::new(),
            j_schedules: Vec::new(),
            j_lines: Vec::new(),
            j_kpis: Vec::new(),
            j_tasks: Vec::new(),
        }
    }

    /// Roughly the final `.smm` size.
    fn size(&self) -> usize {
        self.body.len() + self.roles.len() + self.lines.len() + 2_600
    }

    fn market(&mut self, k: usize) {
        let (country, lang_code, tz, label, url) = MARKETS[k % MARKETS.len()];
        let lang = if lang_code == "fr" { &FR } else { &EN };
        let sfx = format!("{k:03}");
        let cm = format!("cm_{:03}", k / 4);
        if k % 4 == 0 {
            self.community_manager(k / 4);
        }
        let _ = writeln!(
            self.body,
            "// ==== market {sfx}: {label} ({lang_code}) {}\n",
            "=".repeat(60)
        );

        // Objectives: awareness, and one more whose kind rotates.
        let kind2 = KINDS[k % KINDS.len()];
        let obj_aw = format!("obj_{sfx}_awareness");
        let obj_2 = format!("obj_{sfx}_{kind2}");
        let (d_aw, d_2) = if lang_code == "fr" {
            (
                format!(
                    "Faire connaître la gamme Lumière ({label}), en priorité auprès des 25–44 ans"
                ),
                format!("Objectif {kind2} pour le marché {label}, mesuré chaque semaine"),
            )
        } else {
            (
                format!(
                    "Make the Lumière collection known in {label}, first among 25–44 year-olds"
                ),
                format!("{kind2} objective for {label}, measured weekly"),
            )
        };
        for (name, kind, desc) in [(&obj_aw, "awareness", d_aw), (&obj_2, kind2, d_2)] {
            let _ = writeln!(
                self.body,
                "objective {name} {{\n  kind {kind}\n  description {}\n  owner strategist\n}}",
                smm_str(&desc, false)
            );
            self.j_objectives.push(J::Obj(vec![
                ("name", js(name.as_str())),
                ("kind", js(kind)),
                ("description", js(desc)),
                ("owner", js("strategist")),
            ]));
            self.declarations += 1;
        }
        self.body.push('\n');

        // Audiences: the consumers, and professionals in every other market.
        let aud = format!("aud_{sfx}");
        let aud_pro = (k % 2 == 0).then(|| format!("aud_{sfx}_pro"));
        let neighbours: Vec<&str> = if k % 3 == 0 {
            vec![country, MARKETS[(k + 1) % MARKETS.len()].0]
        } else {
            vec![country]
        };
        let age_lo = self.rng.range(18, 28);
        let age_hi = age_lo + self.rng.range(12, 26);
        let size = self.rng.range(80, 2_000) * 1_000;
        let interests: Vec<&str> = (0..3)
            .map(|i| lang.interests[(k + i * 2) % lang.interests.len()])
            .collect();
        self.audience(
            &aud,
            lang.audience,
            (age_lo, age_hi),
            &neighbours,
            lang_code,
            &interests,
            "b2c",
            tz,
            size,
        );
        if let Some(pro) = &aud_pro {
            let pro_interests: Vec<&str> = (0..2)
                .map(|i| lang.pro_interests[(k + i) % lang.pro_interests.len()])
                .collect();
            let size = self.rng.range(5, 60) * 1_000;
            self.audience(
                pro,
                lang.pro_audience,
                (28, 60),
                &[country],
                lang_code,
                &pro_interests,
                "b2b",
                tz,
                size,
            );
        }

        // Channels: four everywhere, two more that rotate.
        let mut chans = vec![
            Chan {
                name: format!("instagram_{sfx}"),
                platform: "instagram",
            },
            Chan {
                name: format!("facebook_{sfx}"),
                platform: "facebook",
            },
            Chan {
                name: format!("x_{sfx}"),
                platform: "x",
            },
            Chan {
                name: format!("linkedin_{sfx}"),
                platform: "linkedin",
            },
        ];
        for e in [EXTRAS[k % EXTRAS.len()], EXTRAS[(k + 3) % EXTRAS.len()]] {
            chans.push(Chan {
                name: format!("{e}_{sfx}"),
                platform: e,
            });
        }

        // The schedule, planned first: it decides which channels each message needs.
        let mut posts: Vec<Post> = Vec::new();
        let mut slot = 0;
        let mut n = 0;
        let mut next_slot = || {
            slot += 1;
            (slot - 1 + k) % SLOTS.len()
        };
        let mut take = |count: usize| {
            n += count;
            (n - count..n).collect::<Vec<usize>>()
        };
        posts.push(Post {
            msgs: take(1),
            chans: vec![0, 1, 2],
            when: When::At(date(3, 2 + (k % 7) as u32), next_slot()),
        });
        posts.push(Post {
            msgs: take(1),
            chans: vec![0, 3],
            when: When::At(date(3, 10 + (k % 4) as u32), next_slot()),
        });
        posts.push(Post {
            msgs: take(1),
            chans: vec![2, 1, 3],
            when: When::At(date(3, 15), next_slot()),
        });
        posts.push(Post {
            msgs: take(3),
            chans: vec![0, 1],
            when: When::Every {
                rec: Rec::Days(&["tue", "fri"]),
                slots: vec![next_slot()],
                range: Range::During("launch"),
                repeat: true,
            },
        });
        posts.push(Post {
            msgs: take(2),
            chans: vec![2, 3],
            when: When::Every {
                rec: Rec::Weekday,
                slots: vec![next_slot()],
                range: Range::During("teasing"),
                repeat: true,
            },
        });
        posts.push(Post {
            msgs: take(1),
            chans: vec![1, 3],
            when: When::Every {
                rec: Rec::Month(1),
                slots: vec![next_slot(), next_slot()],
                range: Range::FromTo(date(4, 1), date(5, 31)),
                repeat: false,
            },
        });
        for c in [4, 5] {
            let (msgs, rec, range, repeat) = match chans[c].platform {
                // Occurrences on 2027-04-29, 05-13 and 05-27: a replay, posted three times.
                "tiktok" | "youtube" => (
                    take(1),
                    Rec::Weeks(2, &["thu"]),
                    Range::During("sustain"),
                    false,
                ),
                "pinterest" => (
                    take(2),
                    Rec::Days(&["mon", "wed"]),
                    Range::During("launch"),
                    true,
                ),
                // Three issues on 03-15, 04-15 and 05-15.
                "newsletter" => (take(3), Rec::Month(15), Range::Campaign, false),
                // Three articles on 03-16, 03-30 and 04-13.
                "blog" => (
                    take(3),
                    Rec::Weeks(2, &["tue"]),
                    Range::During("launch"),
                    false,
                ),
                _ => (
                    take(2),
                    Rec::Days(&["wed", "sat"]),
                    Range::During("launch"),
                    true,
                ),
            };
            posts.push(Post {
                msgs,
                chans: vec![c],
                when: When::Every {
                    rec,
                    slots: vec![next_slot()],
                    range,
                    repeat,
                },
            });
        }
        posts.push(Post {
            msgs: take(1),
            chans: (0..chans.len()).collect(),
            when: When::At(date(5, 28), next_slot()),
        });
        let n_msgs = n;

        // Channels, with a cap that the schedule respects.
        for (c, chan) in chans.iter().enumerate() {
            let per_day: usize = posts
                .iter()
                .filter(|p| p.chans.contains(&c))
                .map(|p| match &p.when {
                    When::At(..) => 1,
                    When::Every { slots, .. } => slots.len(),
                })
                .sum();
            let handle = match chan.platform {
                "newsletter" => format!("lettre-{}", url),
                "blog" => format!("https://maison-lumiere.example/{url}/journal"),
                "linkedin" | "facebook" | "youtube" => format!("Maison Lumière {label}"),
                _ => format!("@maisonlumiere_{}{k}", country.to_ascii_lowercase()),
            };
            let cap = (c < 3).then_some(per_day.max(2));
            let mut fields = vec![
                ("name", js(chan.name.as_str())),
                ("platform", js(chan.platform)),
                ("handle", js(handle.as_str())),
                ("owner", js(cm.as_str())),
            ];
            if c % 2 == 0 {
                let _ = write!(
                    self.body,
                    "channel {} {{\n  platform {}\n  handle {}\n  owner {cm}\n",
                    chan.name,
                    chan.platform,
                    smm_str(&handle, false)
                );
                if let Some(cap) = cap {
                    let _ = writeln!(self.body, "  max_per_day {cap}");
                }
                self.body.push_str("}\n");
            } else {
                let _ = write!(
                    self.body,
                    "channel {} {{ platform {}; handle {}; owner {cm}",
                    chan.name,
                    chan.platform,
                    smm_str(&handle, false)
                );
                if let Some(cap) = cap {
                    let _ = write!(self.body, "; max_per_day {cap}");
                }
                self.body.push_str(" }\n");
            }
            if let Some(cap) = cap {
                fields.push(("max_per_day", jn(cap)));
            }
            self.j_channels.push(J::Obj(fields));
            self.declarations += 1;
        }
        self.body.push('\n');

        // Messages.
        let first = self.messages;
        let msg_name = |i: usize| format!("m_{:06}", first + i);
        for i in 0..n_msgs {
            let on: Vec<usize> = {
                let mut on: Vec<usize> = posts
                    .iter()
                    .filter(|p| p.msgs.contains(&i))
                    .flat_map(|p| p.chans.iter().copied())
                    .collect();
                on.sort_unstable();
                on.dedup();
                on
            };
            let objective = if i < 3 || i == n_msgs - 1 {
                &obj_aw
            } else {
                &obj_2
            };
            let audiences: Vec<&str> = match &aud_pro {
                Some(pro) if i == n_msgs - 1 || (on.contains(&3) && i % 2 == 0) => {
                    vec![aud.as_str(), pro.as_str()]
                }
                _ => vec![aud.as_str()],
            };
            let name = msg_name(i);
            self.message(
                &name, objective, &audiences, lang, lang_code, url, &cm, &on, &chans,
            );
        }

        // The schedule.
        let sched = format!("calendar_{sfx}");
        let _ = writeln!(self.body, "schedule {sched} {{");
        if k % 5 == 1 {
            self.body.push_str("  timezone \"Europe/Paris\"\n");
        }
        let mut j_posts = Vec::new();
        for (pi, p) in posts.iter().enumerate() {
            let msgs: Vec<String> = p.msgs.iter().map(|&i| msg_name(i)).collect();
            let to: Vec<&str> = p.chans.iter().map(|&c| chans[c].name.as_str()).collect();
            if pi == 3 {
                self.body
                    .push_str("  // launch: the series alternates until the phase ends\n");
            }
            let _ = write!(
                self.body,
                "  post {} to {}",
                smm_list(&msgs, true),
                smm_list(&to, true)
            );
            let mut fields = vec![("messages", jstrs(&msgs)), ("channels", jstrs(&to))];
            match &p.when {
                When::At(d, s) => {
                    let _ = writeln!(self.body, " at {d} {}", SLOTS[*s]);
                    fields.push(("at", js(format!("{d}T{}", SLOTS[*s]))));
                }
                When::Every {
                    rec,
                    slots,
                    range,
                    repeat,
                } => {
                    let times: Vec<&str> = slots.iter().map(|&s| SLOTS[s]).collect();
                    let _ = write!(self.body, " {} at {}", rec.smm(), smm_list(&times, true));
                    fields.push(("every", rec.json()));
                    fields.push(("times", jstrs(&times)));
                    match range {
                        Range::Campaign => {}
                        Range::During(phase) => {
                            let _ = write!(self.body, " during {phase}");
                            fields.push(("during", js(*phase)));
                        }
                        Range::FromTo(a, b) => {
                            let _ = write!(self.body, " from {a} to {b}");
                            fields.push(("from", js(a.as_str())));
                            fields.push(("to", js(b.as_str())));
                        }
                    }
                    if *repeat {
                        self.body.push_str(" repeat");
                        fields.push(("repeat", J::Bool(true)));
                    }
                    self.body.push('\n');
                }
            }
            j_posts.push(J::Obj(fields));
        }
        self.body.push_str("}\n\n");
        let mut j_sched = vec![("name", js(sched.as_str()))];
        if k % 5 == 1 {
            j_sched.push(("timezone", js("Europe/Paris")));
        }
        j_sched.push(("posts", J::Arr(j_posts)));
        self.j_schedules.push(J::Obj(j_sched));
        self.declarations += 1;

        // KPIs.
        self.kpis(&sfx, &obj_aw, &obj_2, kind2, &chans);

        // Moderation.
        let task = format!("moderation_{sfx}");
        let covered: Vec<&str> = chans[..3].iter().map(|c| c.name.as_str()).collect();
        let times = ["09:00", "14:00"];
        let _ = writeln!(
            self.body,
            "task {task} {{\n  owner {cm}\n  every weekday at {}\n  duration 45min\n  channels {}\n  description {}\n}}\n",
            smm_list(&times, false),
            smm_list(&covered, false),
            smm_str(lang.moderation, false)
        );
        self.j_tasks.push(J::Obj(vec![
            ("name", js(task.as_str())),
            ("owner", js(cm.as_str())),
            ("every", Rec::Weekday.json()),
            ("times", jstrs(&times)),
            ("duration_minutes", jn(45)),
            ("channels", jstrs(&covered)),
            ("description", js(lang.moderation)),
        ]));
        self.declarations += 1;

        // Budget lines.
        self.budget_lines(&sfx, &chans, &obj_aw, &obj_2, k);
        self.messages += n_msgs;
    }

    fn community_manager(&mut self, i: usize) {
        let (person, email) = PEOPLE[i % PEOPLE.len()];
        let name = format!("cm_{i:03}");
        let email = format!("{email}.{i}@maison-lumiere.example");
        let _ = writeln!(
            self.roles,
            "role {name} {{ title \"Community manager\"; name {}; email {} }}",
            smm_str(person, false),
            smm_str(&email, false)
        );
        self.j_roles.push(J::Obj(vec![
            ("name", js(name)),
            ("title", js("Community manager")),
            ("person", js(person)),
            ("email", js(email)),
        ]));
        self.declarations += 1;
    }

    #[allow(clippy::too_many_arguments)]
    fn audience(
        &mut self,
        name: &str,
        description: &str,
        age: (i64, i64),
        locations: &[&str],
        language: &str,
        interests: &[&str],
        segment: &str,
        tz: &str,
        size: i64,
    ) {
        let quoted: Vec<String> = interests.iter().map(|s| smm_str(s, false)).collect();
        let _ = writeln!(
            self.body,
            "audience {name} {{\n  description {}\n  age {}..{}\n  locations {}\n  languages [{language}]\n  interests {}\n  segment {segment}\n  timezone {}\n  size {}\n}}\n",
            smm_str(description, false),
            age.0,
            age.1,
            smm_list(locations, false),
            smm_list(&quoted, false),
            smm_str(tz, false),
            smm_int(size, size % 3 == 0),
        );
        self.j_audiences.push(J::Obj(vec![
            ("name", js(name)),
            ("description", js(description)),
            ("age", J::Obj(vec![("min", jn(age.0)), ("max", jn(age.1))])),
            ("locations", jstrs(locations)),
            ("languages", jstrs(&[language])),
            ("interests", jstrs(interests)),
            ("segment", js(segment)),
            ("timezone", js(tz)),
            ("size", jn(size)),
        ]));
        self.declarations += 1;
    }

    /// A caption of at most 280 characters with up to three hashtags.
    fn caption(&mut self, lang: &Lang) -> String {
        let hook = *self.rng.pick(lang.hooks);
        let emoji = *self.rng.pick(EMOJI);
        let detail = *self.rng.pick(lang.details);
        let closer = *self.rng.pick(lang.closers);
        let n_tags = 1 + self.rng.below(3);
        let tags = self.tags(n_tags);
        let text = format!("{hook} {emoji}\n\n{detail}. {closer} {tags}");
        if text.chars().count() <= 280 {
            text
        } else {
            format!("{hook} {emoji} {tags}")
        }
    }

    fn tags(&mut self, n: usize) -> String {
        let start = self.rng.below(TAGS.len());
        (0..n)
            .map(|i| TAGS[(start + i) % TAGS.len()])
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[allow(clippy::too_many_arguments)]
    fn message(
        &mut self,
        name: &str,
        objective: &str,
        audiences: &[&str],
        lang: &Lang,
        lang_code: &str,
        url: &str,
        owner: &str,
        on: &[usize],
        chans: &[Chan],
    ) {
        let number = self.messages + self.rng.below(1000);
        let escapes = number % 13 == 0;
        let text = Text::Line(self.caption(lang));
        let slug = ["aube", "halo", "nuit", "zenith", "printemps", "atelier"][number % 6];
        let link = format!(
            "https://maison-lumiere.example/{url}/{slug}?utm_source=social&utm_campaign=printemps27&utm_content={name}"
        );
        let media = if number % 5 == 0 {
            Media {
                kind: "carousel",
                path: format!("assets/{url}/{name}/"),
            }
        } else {
            Media {
                kind: "image",
                path: format!("assets/{url}/{name}.jpg"),
            }
        };
        let cta = *self.rng.pick(lang.ctas);
        let mut variants = Vec::new();
        for &c in on {
            let chan = &chans[c];
            let mut v = Variant {
                channel: chan.name.clone(),
                ..Variant::default()
            };
            match chan.platform {
                "x" => {
                    let hook = *self.rng.pick(lang.hooks);
                    let emoji = *self.rng.pick(EMOJI);
                    let n_tags = 1 + self.rng.below(2);
                    let tags = self.tags(n_tags);
                    v.text = Some(Text::Line(format!("{hook} {emoji} {tags}")));
                }
                "linkedin" if number % 2 == 0 => {
                    let mut lines = vec![format!("{}.", self.rng.pick(lang.hooks))];
                    lines.push(String::new());
                    for _ in 0..2 + self.rng.below(2) {
                        lines.push((*self.rng.pick(lang.paragraphs)).to_string());
                    }
                    lines.push(String::new());
                    lines.push(self.tags(3));
                    v.text = Some(Text::Block(lines));
                }
                "youtube" => {
                    v.title = Some(format!(
                        "{} | Maison Lumière",
                        self.rng.pick(lang.video_titles)
                    ));
                    v.media = Some(Media {
                        kind: "video",
                        path: format!("https://videos.maison-lumiere.example/{url}/{name}.mp4"),
                    });
                }
                "tiktok" => {
                    let hook = *self.rng.pick(lang.hooks);
                    v.text = Some(Text::Line(format!("{hook} 🎥 #MaisonLumiere #DecoTok")));
                    v.media = Some(Media {
                        kind: "video",
                        path: format!("assets/{url}/{name}-9x16.mp4"),
                    });
                }
                "pinterest" => {
                    v.title = Some((*self.rng.pick(lang.article_titles)).to_string());
                    v.media = Some(Media {
                        kind: "image",
                        path: format!("assets/{url}/pins/{name}-2x3.jpg"),
                    });
                }
                "blog" => {
                    v.title = Some((*self.rng.pick(lang.article_titles)).to_string());
                    let lines = (0..3)
                        .map(|_| (*self.rng.pick(lang.paragraphs)).to_string())
                        .collect();
                    v.text = Some(Text::Block(lines));
                }
                "newsletter" => v.title = Some((*self.rng.pick(lang.subjects)).to_string()),
                // Threads allows one hashtag.
                "threads" => {
                    let hook = *self.rng.pick(lang.hooks);
                    let emoji = *self.rng.pick(EMOJI);
                    v.text = Some(Text::Line(format!("{hook} {emoji} #MaisonLumiere")));
                }
                "bluesky" => {
                    let hook = *self.rng.pick(lang.hooks);
                    v.text = Some(Text::Line(format!("{hook} {}", self.rng.pick(EMOJI))));
                }
                _ => continue,
            }
            variants.push(v);
        }

        // .smm: compact messages on fewer lines now and then, as people write them.
        let o = &mut self.body;
        let _ = writeln!(o, "message {name} {{");
        if number % 4 == 1 {
            let _ = writeln!(
                o,
                "  objective {objective}; audience {}; language {lang_code}",
                smm_list(audiences, true)
            );
        } else {
            let _ = writeln!(o, "  objective {objective}");
            let _ = writeln!(o, "  audience {}", smm_list(audiences, true));
        }
        text.write_smm(o, "text", 2, escapes);
        let _ = writeln!(o, "  link {}", smm_str(&link, false));
        let _ = writeln!(o, "  media {}", media.smm());
        let _ = writeln!(o, "  cta {}", smm_str(cta, false));
        if number % 4 != 1 {
            let _ = writeln!(o, "  language {lang_code}");
        }
        let _ = writeln!(o, "  owner {owner}");
        let mut j_variants = Vec::new();
        for v in &variants {
            let one_line = matches!(
                (&v.text, &v.title, &v.media),
                (Some(Text::Line(_)), None, None)
            );
            let mut fields = vec![("channel", js(v.channel.as_str()))];
            if one_line {
                let Some(Text::Line(t)) = &v.text else {
                    unreachable!()
                };
                let _ = writeln!(
                    o,
                    "  variant {} {{ text {} }}",
                    v.channel,
                    smm_str(t, escapes)
                );
            } else {
                let _ = writeln!(o, "  variant {} {{", v.channel);
                if let Some(t) = &v.title {
                    let _ = writeln!(o, "    title {}", smm_str(t, false));
                }
                if let Some(t) = &v.text {
                    t.write_smm(o, "text", 4, escapes);
                }
                if let Some(m) = &v.media {
                    let _ = writeln!(o, "    media {}", m.smm());
                }
                o.push_str("  }\n");
            }
            if let Some(t) = &v.title {
                fields.push(("title", js(t.as_str())));
            }
            if let Some(t) = &v.text {
                fields.push(("text", js(t.value())));
            }
            if let Some(m) = &v.media {
                fields.push(("media", m.json()));
            }
            j_variants.push(J::Obj(fields));
        }
        o.push_str("}\n\n");

        let mut fields = vec![
            ("name", js(name)),
            ("objective", js(objective)),
            ("audiences", jstrs(audiences)),
            ("text", js(text.value())),
            ("link", js(link)),
            ("media", media.json()),
            ("cta", js(cta)),
            ("language", js(lang_code)),
            ("owner", js(owner)),
        ];
        if !j_variants.is_empty() {
            fields.push(("variants", J::Arr(j_variants)));
        }
        self.j_messages.push(J::Obj(fields));
        self.declarations += 1;
    }

    fn kpis(&mut self, sfx: &str, obj_aw: &str, obj_2: &str, kind2: &str, chans: &[Chan]) {
        let ig_fb = [chans[0].name.as_str(), chans[1].name.as_str()];
        let reach = self.rng.range(40, 900) * 1_000;
        let baseline = reach / 4;
        self.kpi(
            &format!("kpi_{sfx}_reach"),
            obj_aw,
            "reach",
            &ig_fb,
            (">=", smm_int(reach, true), jn(reach), "count"),
            Some((smm_int(baseline, false), jn(baseline))),
            date(4, 30),
            "weekly",
            "Meta Business Suite",
        );
        let (metric, op, smm_target, j_target, unit, review, source) = match kind2 {
            "engagement" => {
                let tenths = self.rng.range(30, 70);
                let smm = format!("{}.{}%", tenths / 10, tenths % 10);
                (
                    "engagement_rate",
                    ">=",
                    smm,
                    jn(format!("{}.{}", tenths / 10, tenths % 10)),
                    "percent",
                    "weekly",
                    "Instagram Insights",
                )
            }
            "traffic" => {
                let clicks = self.rng.range(4, 40) * 1_000;
                (
                    "clicks",
                    ">=",
                    smm_int(clicks, true),
                    jn(clicks),
                    "count",
                    "weekly",
                    "Google Analytics",
                )
            }
            "leads" => {
                let leads = self.rng.range(200, 2_000);
                (
                    "leads",
                    ">=",
                    leads.to_string(),
                    jn(leads),
                    "count",
                    "biweekly",
                    "CRM",
                )
            }
            "conversion" => {
                let eur = self.rng.range(10, 90) * 1_000;
                (
                    "revenue",
                    ">=",
                    format!("{eur} EUR"),
                    json_eur(eur * 100),
                    "money",
                    "monthly",
                    "Boutique en ligne",
                )
            }
            "loyalty" => (
                "response_time",
                "<=",
                "2h".to_string(),
                jn(120),
                "minutes",
                "weekly",
                "Boîte de réception unifiée",
            ),
            _ => {
                let mentions = self.rng.range(500, 5_000);
                (
                    "mentions",
                    ">=",
                    mentions.to_string(),
                    jn(mentions),
                    "count",
                    "biweekly",
                    "Outil d'écoute sociale",
                )
            }
        };
        self.kpi(
            &format!("kpi_{sfx}_{metric}"),
            obj_2,
            metric,
            &ig_fb[..1],
            (op, smm_target, j_target, unit),
            None,
            date(5, 31),
            review,
            source,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn kpi(
        &mut self,
        name: &str,
        objective: &str,
        metric: &str,
        channels: &[&str],
        target: (&str, String, J, &str),
        baseline: Option<(String, J)>,
        by: String,
        review: &str,
        source: &str,
    ) {
        let (op, smm_target, j_target, unit) = target;
        let o = &mut self.body;
        let _ = writeln!(o, "kpi {name} {{");
        let _ = writeln!(o, "  objective {objective}");
        let _ = writeln!(o, "  metric {metric}");
        let _ = writeln!(o, "  channel {}", smm_list(channels, true));
        let _ = writeln!(o, "  target {op} {smm_target}");
        let mut fields = vec![
            ("name", js(name)),
            ("objective", js(objective)),
            ("metric", js(metric)),
            ("channels", jstrs(channels)),
            (
                "target",
                J::Obj(vec![
                    ("op", js(op)),
                    ("value", j_target),
                    ("unit", js(unit)),
                ]),
            ),
        ];
        if let Some((smm_b, j_b)) = baseline {
            let _ = writeln!(o, "  baseline {smm_b}");
            fields.push(("baseline", j_b));
        }
        let _ = writeln!(
            o,
            "  by {by}\n  review {review}\n  owner analyst\n  source {}\n}}\n",
            smm_str(source, false)
        );
        fields.extend([
            ("by", js(by)),
            ("review", js(review)),
            ("owner", js("analyst")),
            ("source", js(source)),
        ]);
        self.j_kpis.push(J::Obj(fields));
        self.declarations += 1;
    }

    fn budget_lines(&mut self, sfx: &str, chans: &[Chan], obj_aw: &str, obj_2: &str, k: usize) {
        let ads = self.rng.range(15, 90) * 10_000;
        let _ = writeln!(
            self.lines,
            "  line ads_{sfx} {{\n    category paid\n    channel {}\n    amount {}\n    during launch\n    pacing front\n    objective {obj_2}\n  }}",
            chans[0].name,
            smm_eur(ads)
        );
        self.j_lines.push(J::Obj(vec![
            ("name", js(format!("ads_{sfx}"))),
            ("category", js("paid")),
            ("channel", js(chans[0].name.as_str())),
            ("amount", json_eur(ads)),
            ("during", js("launch")),
            ("pacing", js("front")),
            ("objective", js(obj_2)),
        ]));
        let prod = self.rng.range(40_000, 250_000);
        let day = 15 + (k % 13) as u32;
        let _ = writeln!(
            self.lines,
            "  line prod_{sfx} {{ category production; amount {}; on {}; vendor \"Studio Nord\" }}",
            smm_eur(prod),
            date(2, day)
        );
        self.j_lines.push(J::Obj(vec![
            ("name", js(format!("prod_{sfx}"))),
            ("category", js("production")),
            ("amount", json_eur(prod)),
            ("on", js(date(2, day))),
            ("vendor", js("Studio Nord")),
        ]));
        self.lines_cents += ads + prod;
        if k % 3 == 0 {
            let infl = self.rng.range(8, 30) * 10_000;
            let _ = writeln!(
                self.lines,
                "  line infl_{sfx} {{ category influencer; amount {}; start 2027-03-15; end 2027-03-31; pacing even; objective {obj_aw}; vendor \"@lea.deco\" }}",
                smm_eur(infl)
            );
            self.j_lines.push(J::Obj(vec![
                ("name", js(format!("infl_{sfx}"))),
                ("category", js("influencer")),
                ("amount", json_eur(infl)),
                ("start", js("2027-03-15")),
                ("end", js("2027-03-31")),
                ("pacing", js("even")),
                ("objective", js(obj_aw)),
                ("vendor", js("@lea.deco")),
            ]));
            self.lines_cents += infl;
        }
    }

    fn finish(self, markets: usize) -> Generated {
        // The total covers the lines, the 3 % tools line and the 10 % reserve, rounded up to
        // 1 000 EUR; the agency's fees take what is left, so that nothing is unallocated.
        let needed = self.lines_cents * 100 / 87 + 1;
        let total = (needed + 99_999) / 100_000 * 100_000;
        let fees = total - total * 13 / 100 - self.lines_cents;

        let mut smm = String::with_capacity(self.size() + 4_096);
        smm.push_str(
            "// Maison Lumière — lancement de la gamme Lumière, printemps 2027, tous marchés.\n",
        );
        smm.push_str("// Generated by benches/support/generator.rs.\n\n");
        let desc = Text::Block(vec![
            "Lancement de la gamme Lumière : Aube, Halo, Nuit et Zénith.".into(),
            "Deux semaines de teasing, un mois de lancement, puis l'animation jusqu'à fin mai."
                .into(),
        ]);
        let _ = writeln!(
            smm,
            "campaign {} {{\n  brand \"Maison Lumière\"\n  start 2027-03-01\n  end 2027-05-31\n  timezone \"Europe/Paris\"\n  budget {}\n  owner strategist",
            smm_str(CAMPAIGN_TITLE, false),
            smm_eur(total)
        );
        desc.write_smm(&mut smm, "description", 2, false);
        smm.push_str("}\n\n");
        smm.push_str("role strategist { title \"Social media manager\"; name \"Camille Durand\"; email \"camille.durand@maison-lumiere.example\" }\n");
        smm.push_str("role analyst { title \"Data analyst\"; name \"Nicolas Faure\"; email \"nicolas.faure@maison-lumiere.example\" }\n");
        smm.push_str(&self.roles);
        smm.push('\n');
        for (name, start, end) in PHASES {
            let _ = writeln!(
                smm,
                "phase {name} {{ start {}; end {} }}",
                date(start.0, start.1),
                date(end.0, end.1)
            );
        }
        smm.push('\n');
        smm.push_str(&self.body);
        smm.push_str("// ==== operations shared by all markets\n\n");
        smm.push_str("task veille {\n  owner strategist\n  every day at 08:30 during launch\n  duration 20min\n  channels [instagram_000, x_000]\n  description \"Veille : mentions de la marque, #MaisonLumiere, concurrents et créateurs\"\n}\n");
        smm.push_str("task reporting { owner analyst; every mon at 10:00; duration 1h; description \"Rapport hebdomadaire des KPI, tous marchés\" }\n\n");
        let _ = writeln!(
            smm,
            "budget {{\n  total {}\n  reserve 10%\n",
            smm_eur(total)
        );
        smm.push_str("  line tools { category tools; amount 3%; start 2027-03-01; end 2027-05-31; pacing even; vendor \"Agorapulse\" }\n");
        smm.push_str(&self.lines);
        let _ = writeln!(
            smm,
            "  line agency {{ category fees; amount {}; on 2027-05-31; vendor \"Agence Nord\" }}\n}}",
            smm_eur(fees)
        );

        let mut j_roles = vec![
            J::Obj(vec![
                ("name", js("strategist")),
                ("title", js("Social media manager")),
                ("person", js("Camille Durand")),
                ("email", js("camille.durand@maison-lumiere.example")),
            ]),
            J::Obj(vec![
                ("name", js("analyst")),
                ("title", js("Data analyst")),
                ("person", js("Nicolas Faure")),
                ("email", js("nicolas.faure@maison-lumiere.example")),
            ]),
        ];
        j_roles.extend(self.j_roles);
        let j_phases = PHASES
            .iter()
            .map(|(name, s, e)| {
                J::Obj(vec![
                    ("name", js(*name)),
                    ("start", js(date(s.0, s.1))),
                    ("end", js(date(e.0, e.1))),
                ])
            })
            .collect();
        let mut j_tasks = self.j_tasks;
        j_tasks.push(J::Obj(vec![
            ("name", js("veille")),
            ("owner", js("strategist")),
            ("every", Rec::Day.json()),
            ("times", jstrs(&["08:30"])),
            ("during", js("launch")),
            ("duration_minutes", jn(20)),
            ("channels", jstrs(&["instagram_000", "x_000"])),
            (
                "description",
                js("Veille : mentions de la marque, #MaisonLumiere, concurrents et créateurs"),
            ),
        ]));
        j_tasks.push(J::Obj(vec![
            ("name", js("reporting")),
            ("owner", js("analyst")),
            ("every", Rec::Days(&["mon"]).json()),
            ("times", jstrs(&["10:00"])),
            ("duration_minutes", jn(60)),
            (
                "description",
                js("Rapport hebdomadaire des KPI, tous marchés"),
            ),
        ]));
        let mut j_lines = vec![J::Obj(vec![
            ("name", js("tools")),
            ("category", js("tools")),
            ("amount", J::Obj(vec![("percent", jn(3))])),
            ("start", js("2027-03-01")),
            ("end", js("2027-05-31")),
            ("pacing", js("even")),
            ("vendor", js("Agorapulse")),
        ])];
        j_lines.extend(self.j_lines);
        j_lines.push(J::Obj(vec![
            ("name", js("agency")),
            ("category", js("fees")),
            ("amount", json_eur(fees)),
            ("on", js("2027-05-31")),
            ("vendor", js("Agence Nord")),
        ]));
        let plan = J::Obj(vec![
            (
                "campaign",
                J::Obj(vec![
                    ("name", js(CAMPAIGN_TITLE)),
                    ("brand", js("Maison Lumière")),
                    ("start", js("2027-03-01")),
                    ("end", js("2027-05-31")),
                    ("timezone", js("Europe/Paris")),
                    ("budget", json_eur(total)),
                    ("owner", js("strategist")),
                    ("description", js(desc.value())),
                ]),
            ),
            ("roles", J::Arr(j_roles)),
            ("phases", J::Arr(j_phases)),
            ("objectives", J::Arr(self.j_objectives)),
            ("audiences", J::Arr(self.j_audiences)),
            ("channels", J::Arr(self.j_channels)),
            ("messages", J::Arr(self.j_messages)),
            ("schedules", J::Arr(self.j_schedules)),
            (
                "budget",
                J::Obj(vec![
                    ("total", json_eur(total)),
                    ("reserve", J::Obj(vec![("percent", jn(10))])),
                    ("lines", J::Arr(j_lines)),
                ]),
            ),
            ("kpis", J::Arr(self.j_kpis)),
            ("tasks", J::Arr(j_tasks)),
        ]);
        let mut json = String::with_capacity(smm.len() * 2);
        write_json(&mut json, &plan, 0);
        json.push('\n');

        Generated {
            smm,
            json,
            markets,
            messages: self.messages,
            // campaign, 2 roles, 3 phases, 2 tasks, budget.
            declarations: self.declarations + 9,
        }
    }
}
