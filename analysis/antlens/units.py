"""The words that give a number its unit: currencies, per cent, durations and counted nouns.

Every unit named here is a code of the `units` vocabulary (schemas/vocabularies.yaml), and
`KIND_OF_UNIT` gives the mention kind each unit implies. Keys are lower case; the detector's
patterns accept each word as written here, with its first letter upper-cased, and a short
first word in capitals ("US dollars", "HK dollars").

Counted nouns follow one policy: a count's unit is what the noun counts, as one vocabulary
unit for the many nouns that count the same thing (users, customers, people -> persons;
firms, companies, SMEs, entities, internet giants -> enterprises; lenders, banks, regulators
-> institutions), singular and plural alike ("700 million monthly active user" is a slip for
users). A noun not listed here still makes the mention a count, with its words kept as
`counted` and no unit.
"""

from __future__ import annotations

# Written right before the digits: "US$34.4 billion", "€31bn", "RM154 billion", "RMB 118".
CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "usd$": "USD", "us $": "USD", "$us": "USD", "hk$": "HKD",
    "$hk": "HKD", "s$": "SGD", "$s": "SGD", "sg$": "SGD", "nt$": "TWD", "a$": "AUD", "$a": "AUD",
    "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD", "$nz": "NZD", "r$": "BRL", "¥": "CNY",
    "￥": "CNY", "jp¥": "JPY", "€": "EUR", "£": "GBP", "₹": "INR", "₩": "KRW", "₱": "PHP",
    "฿": "THB", "₫": "VND", "₽": "RUB", "₦": "NGN", "mx$": "MXN",
}  # fmt: skip
# Letters before the digits, maybe after one blank: "RMB 118 trillion", "EUR5m", "RM154".
CURRENCY_CODES = {
    "rmb": "CNY", "cny": "CNY", "usd": "USD", "hkd": "HKD", "eur": "EUR", "gbp": "GBP",
    "sgd": "SGD", "myr": "MYR", "rm": "MYR", "twd": "TWD", "aud": "AUD", "jpy": "JPY",
    "inr": "INR", "rs": "INR", "cad": "CAD", "chf": "CHF", "krw": "KRW", "aed": "AED",
    "dh": "AED", "idr": "IDR", "rp": "IDR", "thb": "THB", "vnd": "VND",
    "nzd": "NZD", "brl": "BRL", "rub": "RUB", "pkr": "PKR", "bdt": "BDT", "tk": "BDT",
    "ngn": "NGN", "zar": "ZAR", "sar": "SAR", "qar": "QAR", "rs.": "INR", "mxn": "MXN",
}  # fmt: skip
# Letters that are a currency only before an amount with a scale or thousands: "P350 billion",
# "Php 5,000" (Philippine pesos), never "P2P" or "the P3 plan".
CURRENCY_CODES_BEFORE_AMOUNTS = {"p": "PHP", "php": "PHP"}
# The rupee written without its country ("Rs 500", "50 rupees") is the rupee of the country the
# text is about: Indian unless it names Pakistan more often than India.
RUPEE_SPELLINGS = frozenset(["rs", "rs.", "rupees", "rupee"])
CURRENCY_WORDS = {
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY", "yuan renminbi": "CNY",
    "chinese yuan": "CNY", "chinese renminbi": "CNY",
    "dollars": "USD", "dollar": "USD", "us dollars": "USD", "u.s. dollars": "USD", "usd": "USD",
    "hong kong dollars": "HKD", "hk dollars": "HKD", "hkd": "HKD",
    "euros": "EUR", "euro": "EUR", "eur": "EUR",
    "pounds": "GBP", "pounds sterling": "GBP", "sterling": "GBP", "gbp": "GBP",
    "singapore dollars": "SGD", "sgd": "SGD", "ringgit": "MYR", "myr": "MYR",
    "taiwan dollars": "TWD", "new taiwan dollars": "TWD", "twd": "TWD",
    "australian dollars": "AUD", "aud": "AUD", "yen": "JPY", "japanese yen": "JPY",
    "jpy": "JPY", "rupees": "INR", "indian rupees": "INR", "inr": "INR",
    "canadian dollars": "CAD", "cad": "CAD", "swiss francs": "CHF", "chf": "CHF",
    "korean won": "KRW", "krw": "KRW", "won": "KRW",
    "dirhams": "AED", "dirham": "AED", "uae dirhams": "AED", "aed": "AED", "rupiah": "IDR",
    "indonesian rupiah": "IDR", "idr": "IDR", "baht": "THB", "thai baht": "THB", "thb": "THB",
    "philippine pesos": "PHP", "pesos": "PHP", "php": "PHP", "mexican pesos": "MXN",
    "mxn": "MXN", "dong": "VND", "vnd": "VND",
    "new zealand dollars": "NZD", "nzd": "NZD", "reais": "BRL", "brazilian reais": "BRL",
    "brl": "BRL", "roubles": "RUB", "rubles": "RUB", "rub": "RUB", "pakistani rupees": "PKR",
    "pkr": "PKR", "taka": "BDT", "bdt": "BDT", "naira": "NGN", "ngn": "NGN", "rand": "ZAR",
    "zar": "ZAR", "riyals": "SAR", "saudi riyals": "SAR", "sar": "SAR", "qatari riyals": "QAR",
    "qar": "QAR",
}  # fmt: skip
PERCENT_WORDS = {
    "per cent": "percent", "percent": "percent", "pct": "percent",
    "percentage points": "percent", "percentage point": "percent",
}  # fmt: skip
# Written against the digits: "5per cent", "5pct", "5pc" (with "%" itself).
ATTACHED_PERCENT = ["per cent", "percent", "pct", "pc"]
SCORE_WORDS = {"points": "points", "point": "points"}
# Named after the number but no unit of the vocabulary: "100 basis points" is a change of a
# rate (hundredths of a percentage point), no score and no share, so it is kind other.
UNITLESS_WORDS = {"basis points": None, "basis point": None}
# Between a number and its duration: "eight consecutive days", "three straight years".
DURATION_ADJECTIVES = ["consecutive", "straight", "successive", "full", "calendar"]
DURATION_WORDS = {
    "year": "years", "years": "years", "month": "months", "months": "months", "day": "days",
    "days": "days", "business days": "days", "working days": "days", "trading days": "days",
    "week": None, "weeks": None, "hour": None, "hours": None,
}  # fmt: skip
ACRONYMS = ["smes", "msmes"]  # written "SMEs"
# The noun a count counts -> its unit; see the module docstring for the policy.
COUNTED_NOUNS = {
    **dict.fromkeys([
        "people", "persons", "person", "users", "user", "customers", "customer", "consumers",
        "consumer", "employees", "employee", "staff", "workers", "worker", "individuals",
        "residents", "citizens", "members", "member", "clients", "client", "subscribers",
        "investors", "investor", "borrowers", "borrower", "students", "executives",
        "executive", "shareholders", "farmers", "account holders", "cardholders",
        "applicants", "adults", "managers", "manager", "owners", "owner", "business owners",
        "entrepreneurs", "user base", "customer base", "active users",
        "monthly active users", "daily active users", "annual active users", "travellers",
        "travelers", "tourists", "visitors", "passengers", "shoppers", "buyers", "patients",
        "drivers", "riders", "couriers", "volunteers", "graduates", "developers", "engineers",
        "employees and contractors", "entrepreneur", "arrivals", "nationals", "holders",
        "sources", "participants", "participant", "stockholders", "internet users", "leaders",
        "founders", "co-founders", "cofounders", "partners and employees", "auditors",
        "analysts", "officials", "officers", "directors", "experts", "professionals",
        "researchers", "scientists", "staffers", "lawyers", "journalists", "teachers",
        "doctors", "nurses", "agents", "traders", "bankers", "economists", "regulators",
    ], "persons"),
    **dict.fromkeys(["merchants", "merchant", "sellers", "seller", "vendors", "vendor",
                     "retailers", "retailer", "shops", "shop", "stores", "store", "outlets",
                     "merchant partners"], "merchants"),
    **dict.fromkeys([
        "enterprises", "enterprise", "companies", "company", "firms", "firm", "businesses",
        "smes", "msmes", "startups", "start-ups", "corporations", "entities", "entity",
        "giants", "internet giants", "tech giants", "business customers", "business clients",
        "business borrowers", "business users", "firm customers", "company customers",
        "sme customers", "sme clients", "sme borrowers", "micro customers", "micro clients",
        "micro borrowers", "enterprise customers",
        "enterprise clients", "corporate customers", "corporate clients", "fintechs",
        "fintech companies", "fintech firms", "subsidiaries", "subsidiary", "affiliates",
        # roles of firms in trade, persons by WordNet's first sense
        "providers", "service providers", "suppliers", "distributors", "exporters", "importers",
        "operators", "carriers", "processors",
    ], "enterprises"),
    **dict.fromkeys([
        "institutions", "institution", "ministries", "ministries and commissions",
        "commissions", "regulators", "agencies", "banks", "bank", "lenders", "lender",
        "insurers", "exchanges", "financial institutions", "licensees", "universities",
        "schools", "hospitals", "issuers", "card issuers", "acquirers", "underwriters",
    ], "institutions"),
    **dict.fromkeys(["scenes", "scenarios", "acceptance points", "touchpoints",
                     "touch points", "points of sale", "payment points", "locations",
                     "acceptance locations"], "scenarios"),
    **dict.fromkeys(["licences", "licenses", "licence", "license"], "licences"),
    **dict.fromkeys(["shares", "share", "h shares", "a shares"], "shares"),
    **dict.fromkeys(["loans", "loan"], "loans"),
    **dict.fromkeys(["accounts", "account"], "accounts"),
    **dict.fromkeys(["transactions", "transaction", "payments"], "transactions"),
    **dict.fromkeys(["countries", "countries and regions", "markets", "economies"], "countries"),
    **dict.fromkeys(["cities", "city"], "cities"),
}  # fmt: skip
# Plurals outside this vocabulary count what WordNet says (`antlens.wordnet`), except these:
# partners are firms or people, and machines are named like the people who run them.
NOUNS_OF_NO_UNIT = frozenset(
    ["partners", "partnerships", "servers", "hosts", "routers", "controllers", "monitors",
     "printers", "scanners"]
)  # fmt: skip
# Nouns of a group that name what the number after "of" counts: "a population of 3.28
# million", "its initial user base of 120 million".
GROUP_NOUNS = {
    **dict.fromkeys(["population", "user base", "customer base", "workforce", "headcount",
                     "membership"], "persons"),
    **dict.fromkeys(["merchant base", "merchant network"], "merchants"),
}  # fmt: skip
# Plurals without an "s": "150 million people every year" counts people.
IRREGULAR_PLURALS = frozenset(["people", "staff", "personnel"])
# People named by where they are from, capitalised as English writes them: the last word of
# what a number counts ("half a billion Indians" -> persons), never an adjective before another
# noun ("25 Chinese fintech apps" counts apps).
DEMONYMS = dict.fromkeys([
    "indians", "chinese", "americans", "koreans", "japanese", "indonesians", "filipinos",
    "malaysians", "singaporeans", "thais", "vietnamese", "pakistanis", "bangladeshis",
    "europeans", "africans", "asians", "britons", "australians", "canadians", "brazilians",
    "mexicans", "nigerians", "kenyans",
], "persons")  # fmt: skip
# Nouns that fix the unit when they follow the number at once, in the one scanning pass
# ("80 million merchants", "4 ministries and commissions"): the plural nouns of the counts.
UNIT_WORDS = {
    **CURRENCY_WORDS,
    **PERCENT_WORDS,
    **{noun: unit for noun, unit in COUNTED_NOUNS.items() if noun.endswith("s")},
    **SCORE_WORDS,
}
_CURRENCIES = {*CURRENCY_SYMBOLS.values(), *CURRENCY_CODES.values(), *CURRENCY_WORDS.values()}
_COUNTS = set(COUNTED_NOUNS.values())
KIND_OF_UNIT = {
    **dict.fromkeys(sorted(_CURRENCIES), "amount"),
    **dict.fromkeys(sorted(_COUNTS), "count"),
    "percent": "share", "points": "score", "years": "duration", "months": "duration",
    "days": "duration", "date": "date",
}  # fmt: skip
