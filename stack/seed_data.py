"""Deterministic synthetic cooperative societies for the local stack and the benchmarks.

`societies(count, seed)` streams rows in the shape `chalicelib.societies.importer.ImportRow`
validates: registration numbers `<district short>-<year>-<seq>`, Hindi names with the Latin
transliteration MP registries use (spelt so that `search.name_keys` of both agree), a realistic
mix of society types and districts. Same seed, same rows; the output for a smaller count is a
prefix of the output for a larger one. Only small lookup tables are kept in memory.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from bisect import bisect
from collections.abc import Iterator
from itertools import accumulate

from chalicelib.core import geo

# --- villages and towns: (Hindi, Latin) ---------------------------------------------------------

VILLAGES: tuple[tuple[str, str], ...] = (
    ("रामपुर", "Rampur"), ("सीतापुर", "Sitapur"), ("बरखेड़ा", "Barkhera"), ("सोनकच्छ", "Sonkach"),
    ("बैरसिया", "Berasia"), ("नजीराबाद", "Najirabad"), ("ईंटखेड़ी", "Intkheri"), ("फंदा", "Phanda"),
    ("कोलार", "Kolar"), ("बिलखिरिया", "Bilkhiriya"), ("खजूरी", "Khajuri"), ("सूखी सेवनिया", "Sukhi Sevaniya"),
    ("गुनगा", "Gunga"), ("दीवानगंज", "Diwanganj"), ("बेगमगंज", "Begamganj"), ("सिलवानी", "Silwani"),
    ("उदयपुरा", "Udaipura"), ("बरेली", "Bareli"), ("ब्यावरा", "Byavra"), ("सारंगपुर", "Sarangpur"),
    ("खिलचीपुर", "Khilchipur"), ("जीरापुर", "Jirapur"), ("आष्टा", "Ashta"), ("इछावर", "Ichhawar"),
    ("बुधनी", "Budhni"), ("रेहटी", "Rehti"), ("बासौदा", "Basoda"), ("सिरोंज", "Sironj"), ("लटेरी", "Lateri"),
    ("कुरवाई", "Kurwai"), ("ग्यारसपुर", "Gyaraspur"), ("जौरा", "Joura"), ("कैलारस", "Kailaras"),
    ("अंबाह", "Ambah"), ("पोरसा", "Porsa"), ("गोहद", "Gohad"), ("लहार", "Lahar"), ("अटेर", "Ater"),
    ("विजयपुर", "Vijaypur"), ("कराहल", "Karahal"), ("डबरा", "Dabra"), ("भितरवार", "Bhitarwar"),
    ("पिछोर", "Pichhor"), ("करैरा", "Karera"), ("कोलारस", "Kolaras"), ("बदरवास", "Badarwas"),
    ("पोहरी", "Pohri"), ("चंदेरी", "Chanderi"), ("भांडेर", "Bhander"), ("चाचौड़ा", "Chachaura"),
    ("आरोन", "Aron"), ("बमोरी", "Bamori"), ("देपालपुर", "Depalpur"), ("सांवेर", "Sanwer"), ("हातोद", "Hatod"),
    ("बेटमा", "Betma"), ("गौतमपुरा", "Gautampura"), ("मानपुर", "Manpur"), ("सिमरोल", "Simrol"),
    ("जोबट", "Jobat"), ("कट्ठीवाड़ा", "Kathiwara"), ("सेंधवा", "Sendhwa"), ("राजपुर", "Rajpur"),
    ("नेपानगर", "Nepanagar"), ("खकनार", "Khaknar"), ("बदनावर", "Badnawar"), ("सरदारपुर", "Sardarpur"),
    ("कुक्षी", "Kukshi"), ("मनावर", "Manawar"), ("धरमपुरी", "Dharampuri"), ("पेटलावद", "Petlawad"),
    ("थांदला", "Thandla"), ("मेघनगर", "Meghnagar"), ("राणापुर", "Ranapur"), ("पंधाना", "Pandhana"),
    ("हरसूद", "Harsud"), ("पुनासा", "Punasa"), ("मूंदी", "Mundi"), ("महेश्वर", "Maheshwar"),
    ("मंडलेश्वर", "Mandleshwar"), ("कसरावद", "Kasrawad"), ("सनावद", "Sanawad"), ("बड़वाह", "Barwah"),
    ("सिहोरा", "Sihora"), ("पाटन", "Patan"), ("मझौली", "Majhauli"), ("शहपुरा", "Shahpura"),
    ("कुंडम", "Kundam"), ("पनागर", "Panagar"), ("बैहर", "Baihar"), ("लांजी", "Lanji"), ("कटंगी", "Katangi"),
    ("परासिया", "Parasia"), ("जुन्नारदेव", "Junnardev"), ("चौरई", "Chaurai"), ("बिछिया", "Bichhiya"),
    ("निवास", "Niwas"), ("नैनपुर", "Nainpur"), ("गाडरवारा", "Gadarwara"), ("करेली", "Kareli"),
    ("तेंदूखेड़ा", "Tendukhera"), ("लखनादौन", "Lakhnadon"), ("केवलारी", "Kewlari"), ("घंसौर", "Ghansaur"),
    ("बरघाट", "Barghat"), ("इटारसी", "Itarsi"), ("पिपरिया", "Pipariya"), ("बाबई", "Babai"),
    ("मुलताई", "Multai"), ("आमला", "Amla"), ("भैंसदेही", "Bhainsdehi"), ("शाहपुर", "Shahpur"),
    ("खिरकिया", "Khirkiya"), ("सिराली", "Sirali"), ("मऊगंज", "Mauganj"), ("सिरमौर", "Sirmour"),
    ("त्योंथर", "Teonthar"), ("रामपुर बघेलान", "Rampur Baghelan"), ("नागौद", "Nagod"), ("उचेहरा", "Uchehara"),
    ("चुरहट", "Churhat"), ("देवसर", "Devsar"), ("बीना", "Bina"), ("खुरई", "Khurai"), ("बंडा", "Banda"),
    ("देवरी", "Devri"), ("रहली", "Rehli"), ("केसली", "Kesli"), ("राजनगर", "Rajnagar"), ("बिजावर", "Bijawar"),
    ("लवकुशनगर", "Lavkushnagar"), ("हटा", "Hatta"), ("पथरिया", "Patharia"), ("जबेरा", "Jabera"),
    ("पवई", "Pawai"), ("शाहनगर", "Shahnagar"), ("गुनौर", "Gunnor"), ("जतारा", "Jatara"), ("पलेरा", "Palera"),
    ("पृथ्वीपुर", "Prithvipur"), ("ब्यौहारी", "Beohari"), ("जयसिंहनगर", "Jaisinghnagar"), ("कोतमा", "Kotma"),
    ("जैतहरी", "Jaithari"), ("पाली", "Pali"), ("महिदपुर", "Mahidpur"), ("तराना", "Tarana"),
    ("बड़नगर", "Barnagar"), ("खाचरौद", "Khachrod"), ("नागदा", "Nagda"), ("घट्टिया", "Ghatiya"),
    ("सुसनेर", "Susner"), ("नलखेड़ा", "Nalkhera"), ("कन्नौद", "Kannod"), ("बागली", "Bagli"),
    ("टोंक खुर्द", "Tonk Khurd"), ("सीतामऊ", "Sitamau"), ("गरोठ", "Garoth"), ("मनासा", "Manasa"),
    ("जावद", "Jawad"), ("जावरा", "Jawra"), ("आलोट", "Alot"), ("सैलाना", "Sailana"), ("पिपलोदा", "Piploda"),
    ("शुजालपुर", "Shujalpur"), ("कालापीपल", "Kalapipal"), ("मोहन बड़ोदिया", "Mohan Barodiya"),
    ("पिपल्या", "Pipalya"), ("निमरानी", "Nimrani"), ("गोविंदपुरा", "Govindpura"), ("कांकड़", "Kankar"),
    ("हिरनखेड़ा", "Hirankhera"), ("धामनोद", "Dhamnod"), ("खेड़ी", "Kheri"), ("सेमरी", "Semri"),
    ("सेमरा", "Semra"), ("पिपलिया", "Pipliya"), ("सुल्तानपुर", "Sultanpur"), ("चांदपुर", "Chandpur"),
    ("हिनोतिया", "Hinotiya"), ("कुम्हारी", "Kumhari"), ("नयापुरा", "Nayapura"), ("मुगलिया", "Mugaliya"),
    ("कलखेड़ा", "Kalkhera"), ("रायपुरा", "Raipura"), ("लालपुर", "Lalpur"), ("हरिपुरा", "Haripura"),
    ("गोपालपुरा", "Gopalpura"), ("शिवपुरा", "Shivpura"), ("मोहनपुरा", "Mohanpura"), ("भानपुर", "Bhanpur"),
    ("जगदीशपुर", "Jagdishpur"), ("नरेला", "Narela"), ("बिशनखेड़ी", "Bishankheri"), ("परवलिया", "Parwaliya"),
    ("करोंद", "Karond"), ("बरखेड़ी", "Barkheri"), ("अरवलिया", "Arwaliya"), ("सेवनिया", "Sevaniya"),
    ("झागरिया", "Jhagariya"), ("देहरी", "Dehri"), ("बगरोदा", "Bagroda"), ("मेंडोरा", "Mendora"),
    ("अचारपुरा", "Acharpura"), ("बिलोदा", "Biloda"), ("पठारी", "Pathari"), ("चिकलोद", "Chiklod"),
    ("सांची", "Sanchi"), ("रतनपुर", "Ratanpur"), ("सिंहपुर", "Singhpur"), ("पिपरई", "Piprai"),
    ("मालथौन", "Malthon"), ("हीरापुर", "Hirapur"), ("बिलहरी", "Bilhari"), ("बरगी", "Bargi"),
    ("भेड़ाघाट", "Bheraghat"), ("तिलवारा", "Tilwara"), ("सिंगौड़ी", "Singori"), ("उमरेठ", "Umreth"),
    ("सोहागपुर", "Sohagpur"), ("बनखेड़ी", "Bankheri"), ("चिचोली", "Chicholi"), ("घोड़ाडोंगरी", "Ghoradongri"),
    ("आठनेर", "Athner"), ("प्रभात पट्टन", "Prabhat Pattan"), ("हंडिया", "Handiya"), ("गौरीहार", "Gaurihar"),
    ("चंदला", "Chandla"), ("घुवारा", "Ghuwara"), ("पटेरा", "Patera"), ("बहोरीबंद", "Bahoriband"),
    ("रीठी", "Rithi"), ("करकेली", "Karkeli"), ("चंदिया", "Chandiya"), ("गोहपारू", "Gohparu"),
    ("सिहावल", "Sihawal"), ("रामपुर नैकिन", "Rampur Naikin"), ("रामनगर", "Ramnagar"), ("कोटर", "Kotar"),
    ("जवा", "Jawa"), ("बैकुंठपुर", "Baikunthpur"),
)

SUFFIXES: tuple[tuple[str, str], ...] = (("खुर्द", "Khurd"), ("कलां", "Kalan"))

# Given names of housing, women's and industrial societies.
GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("श्री राम", "Shri Ram"), ("लक्ष्मी नगर", "Laxmi Nagar"), ("अन्नपूर्णा", "Annapurna"), ("गायत्री", "Gayatri"),
    ("साई कृपा", "Sai Kripa"), ("शिव शक्ति", "Shiv Shakti"), ("जय अम्बे", "Jai Ambe"), ("दुर्गा", "Durga"),
    ("सरस्वती", "Saraswati"), ("श्री गणेश", "Shri Ganesh"), ("महावीर", "Mahavir"), ("माँ रेवा", "Maa Reva"),
    ("शिप्रा", "Shipra"), ("देवी अहिल्या", "Devi Ahilya"), ("रानी दुर्गावती", "Rani Durgavati"),
    ("रानी लक्ष्मीबाई", "Rani Laxmibai"), ("विवेकानंद", "Vivekanand"), ("गांधी नगर", "Gandhi Nagar"),
    ("नेहरू नगर", "Nehru Nagar"), ("इंदिरा नगर", "Indira Nagar"), ("शास्त्री नगर", "Shastri Nagar"),
    ("राजीव नगर", "Rajiv Nagar"), ("सुभाष नगर", "Subhash Nagar"), ("अम्बेडकर नगर", "Ambedkar Nagar"),
    ("श्री कृष्ण", "Shri Krishna"), ("गोकुल", "Gokul"), ("वृंदावन", "Vrindavan"), ("मीरा", "Meera"),
    ("सावित्री", "Savitri"), ("जानकी", "Janki"), ("पार्वती", "Parvati"), ("कामधेनु", "Kamdhenu"),
    ("प्रगति", "Pragati"), ("उन्नति", "Unnati"), ("आदर्श", "Adarsh"), ("नवजीवन", "Navjivan"),
    ("सर्वोदय", "Sarvoday"), ("जागृति", "Jagriti"), ("एकता", "Ekta"), ("सहयोग", "Sahyog"),
    ("पंचवटी", "Panchavati"), ("साकेत", "Saket"), ("त्रिवेणी", "Triveni"), ("मालवा", "Malwa"),
)

# Employers of salary earners' credit societies.
EMPLOYERS: tuple[tuple[str, str], ...] = (
    ("शिक्षक", "Shikshak"), ("शासकीय", "Shaskiya"), ("विद्युत मंडल", "Vidyut Mandal"), ("नगर निगम", "Nagar Nigam"),
    ("रेलवे", "Railway"), ("स्वास्थ्य विभाग", "Swasthya Vibhag"), ("लोक निर्माण विभाग", "Lok Nirman Vibhag"),
    ("जिला पंचायत", "Zila Panchayat"), ("सहकारिता विभाग", "Sahkarita Vibhag"), ("डाक विभाग", "Dak Vibhag"),
)

FEDERATIONS: tuple[tuple[str, str], ...] = (
    ("मध्य प्रदेश राज्य सहकारी संघ मर्यादित", "Madhya Pradesh Rajya Sahkari Sangh Maryadit"),
    ("मध्य प्रदेश राज्य सहकारी विपणन संघ मर्यादित", "Madhya Pradesh Rajya Sahkari Vipanan Sangh Maryadit"),
    ("मध्य प्रदेश राज्य सहकारी दुग्ध महासंघ मर्यादित", "Madhya Pradesh Rajya Sahkari Dugdh Mahasangh Maryadit"),
    ("मध्य प्रदेश राज्य सहकारी आवास संघ मर्यादित", "Madhya Pradesh Rajya Sahkari Awas Sangh Maryadit"),
    ("मध्य प्रदेश राज्य लघु वनोपज (व्यापार एवं विकास) सहकारी संघ मर्यादित",
     "Madhya Pradesh Rajya Laghu Vanopaj (Vyapar Evam Vikas) Sahkari Sangh Maryadit"),
    ("मध्य प्रदेश राज्य सहकारी तिलहन उत्पादक संघ मर्यादित",
     "Madhya Pradesh Rajya Sahkari Tilhan Utpadak Sangh Maryadit"),
    ("मध्य प्रदेश राज्य मत्स्य महासंघ (सहकारी) मर्यादित", "Madhya Pradesh Rajya Matsya Mahasangh (Sahkari) Maryadit"),
    ("मध्य प्रदेश राज्य सहकारी उपभोक्ता संघ मर्यादित", "Madhya Pradesh Rajya Sahkari Upbhokta Sangh Maryadit"),
    ("मध्य प्रदेश राज्य बुनकर सहकारी संघ मर्यादित", "Madhya Pradesh Rajya Bunkar Sahkari Sangh Maryadit"),
)
APEX_BANK = ("मध्य प्रदेश राज्य सहकारी बैंक मर्यादित", "Madhya Pradesh Rajya Sahkari Bank Maryadit")

MARYADIT = ("मर्यादित", "Maryadit")

# type -> (Hindi, Latin) wording that follows the village, town or given name.
_BODIES: dict[str, tuple[str, str]] = {
    "pacs": ("प्राथमिक कृषि साख सहकारी समिति", "Prathmik Krishi Sakh Sahkari Samiti"),
    "lamps": ("आदिम जाति सेवा सहकारी समिति", "Adim Jati Seva Sahkari Samiti"),
    "dairy": ("दुग्ध उत्पादक सहकारी समिति", "Dugdh Utpadak Sahkari Samiti"),
    "fisheries": ("मत्स्य उद्योग सहकारी समिति", "Matsya Udyog Sahkari Samiti"),
    "housing": ("गृह निर्माण सहकारी संस्था", "Griha Nirman Sahkari Sanstha"),
    "consumer": ("उपभोक्ता सहकारी भंडार", "Upbhokta Sahkari Bhandar"),
    "marketing": ("विपणन सहकारी संस्था", "Vipanan Sahkari Sanstha"),
    "urban-bank": ("नागरिक सहकारी बैंक", "Nagrik Sahkari Bank"),
    "salary-credit": ("कर्मचारी साख सहकारी समिति", "Karmchari Sakh Sahkari Samiti"),
    "weavers": ("बुनकर सहकारी समिति", "Bunkar Sahkari Samiti"),
    "forest-produce": ("प्राथमिक लघु वनोपज सहकारी समिति", "Prathmik Laghu Vanopaj Sahkari Samiti"),
    "labour": ("श्रमिक सहकारी समिति", "Shramik Sahkari Samiti"),
    "transport": ("परिवहन सहकारी समिति", "Parivahan Sahkari Samiti"),
    "irrigation": ("सिंचाई सहकारी समिति", "Sinchai Sahkari Samiti"),
    "women-multipurpose": ("महिला बहुउद्देशीय सहकारी समिति", "Mahila Bahuuddeshiya Sahkari Samiti"),
    "industrial": ("औद्योगिक सहकारी समिति", "Audyogik Sahkari Samiti"),
    "sugar": ("सहकारी शक्कर कारखाना", "Sahkari Shakkar Karkhana"),
    "farming": ("सहकारी कृषि समिति", "Sahkari Krishi Samiti"),
    "dccb": ("जिला सहकारी केंद्रीय बैंक", "Zila Sahkari Kendriya Bank"),
}

# --- the mix ----------------------------------------------------------------------------------

# Share of each type in the state, in per cent (normalised; dccb/apex/federation are capped).
TYPE_WEIGHTS: dict[str, float] = {
    "dairy": 23, "housing": 14, "pacs": 13, "consumer": 7.5, "women-multipurpose": 8.5,
    "fisheries": 5.5, "forest-produce": 4.6, "labour": 5, "salary-credit": 4.5,
    "lamps": 2.2, "marketing": 3, "weavers": 2.5, "industrial": 2.5, "transport": 2, "irrigation": 2,
    "farming": 1.5, "urban-bank": 1.5, "sugar": 0.05, "dccb": 0.3, "apex-bank": 0.0, "federation": 0.0,
}
URBAN = {"bhopal", "indore", "jabalpur", "gwalior", "ujjain"}
TRIBAL = {"jhabua", "alirajpur", "barwani", "dhar", "dindori", "mandla", "balaghat", "betul", "shahdol",
          "anuppur", "umaria", "singrauli", "sidhi", "seoni", "chhindwara", "khargone", "burhanpur", "khandwa"}
_URBAN_FACTOR = {"housing": 3, "salary-credit": 2.5, "urban-bank": 3, "consumer": 1.5, "transport": 1.5,
                 "industrial": 1.5, "pacs": 0.4, "lamps": 0.1, "forest-produce": 0.2, "dairy": 0.6,
                 "fisheries": 0.6, "irrigation": 0.3, "farming": 0.3}
_TRIBAL_FACTOR = {"lamps": 3, "forest-produce": 2, "housing": 0.3, "urban-bank": 0.3, "salary-credit": 0.6}
# Only in Bhopal (state-level bodies); one apex bank, each federation once.
_BHOPAL_ONLY = {"apex-bank": 1.0, "federation": 2.0}

# Relative number of societies per district.
DISTRICT_WEIGHTS: dict[str, float] = {
    "indore": 3.2, "bhopal": 3.0, "jabalpur": 2.6, "gwalior": 2.4, "ujjain": 1.8, "sagar": 1.6, "rewa": 1.4,
    "satna": 1.4, "chhindwara": 1.5, "dhar": 1.4, "khargone": 1.3, "dewas": 1.3, "ratlam": 1.2,
    "mandsaur": 1.2, "vidisha": 1.1, "morena": 1.1, "betul": 1.1, "balaghat": 1.1, "sehore": 1.1,
    "pandhurna": 0.45, "mauganj": 0.45, "maihar": 0.5, "niwari": 0.45, "agar-malwa": 0.6, "alirajpur": 0.7,
    "harda": 0.6, "umaria": 0.6, "anuppur": 0.6, "dindori": 0.7, "sheopur": 0.7, "datia": 0.7,
}

# type -> registration years (inclusive) and members (log-uniform between bounds).
YEARS: dict[str, tuple[int, int]] = {
    "pacs": (1960, 1990), "lamps": (1975, 1995), "dairy": (1978, 2025), "housing": (1965, 2025),
    "dccb": (1960, 1975), "apex-bank": (1960, 1962), "federation": (1960, 1985), "sugar": (1965, 1995),
    "urban-bank": (1962, 2005), "marketing": (1960, 1995), "forest-produce": (1985, 2005),
    "women-multipurpose": (1990, 2025),
}
DEFAULT_YEARS = (1965, 2025)
MEMBERS: dict[str, tuple[int, int]] = {
    "pacs": (300, 3500), "lamps": (300, 4000), "dairy": (21, 400), "housing": (21, 900), "urban-bank": (1000, 5000),
    "salary-credit": (50, 2500), "consumer": (50, 1500), "marketing": (100, 2500), "women-multipurpose": (21, 300),
    "forest-produce": (200, 3000), "sugar": (1000, 5000), "dccb": (5000, 60000), "apex-bank": (50000, 150000),
    "federation": (40, 5000),
}
DEFAULT_MEMBERS = (21, 500)
# Types named after a town rather than a village.
_TOWN_TYPES = {"urban-bank", "marketing", "transport", "sugar", "consumer"}
_GIVEN_TYPES = {"housing": 1.0, "women-multipurpose": 0.5, "industrial": 0.4, "fisheries": 0.15}


def _cumulative(weights: list[float]) -> tuple[list[float], float]:
    cum = list(accumulate(weights))
    return cum, cum[-1]


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.districts = geo.districts()
        codes = [d["code"] for d in self.districts]
        self.district_cum = _cumulative([DISTRICT_WEIGHTS.get(c, 1.0) for c in codes])
        types = list(geo.society_types())
        self.types = types
        self.type_cum: dict[str, tuple[list[float], float]] = {}
        for code in codes:
            factors = _URBAN_FACTOR if code in URBAN else _TRIBAL_FACTOR if code in TRIBAL else {}
            weights = [TYPE_WEIGHTS.get(t, 0.5) * factors.get(t, 1.0) for t in types]
            if code == "bhopal":
                weights = [w + _BHOPAL_ONLY.get(t, 0.0) for w, t in zip(weights, types, strict=True)]
            self.type_cum[code] = _cumulative(weights)
        # The first rows visit every district once, so any count >= 55 covers the state.
        self.first_pass = codes[:]
        self.rng.shuffle(self.first_pass)
        self.seq: dict[tuple[str, int], int] = {}
        self.dccb_done: set[str] = set()
        self.federations_left = list(FEDERATIONS)
        self.apex_done = False

    def _pick(self, cum: tuple[list[float], float], items: list):
        values, total = cum
        return items[min(bisect(values, self.rng.random() * total), len(items) - 1)]

    def _choice(self, items):
        return items[int(self.rng.random() * len(items))]

    def _type(self, district: str) -> str:
        while True:
            kind = self._pick(self.type_cum[district], self.types)
            if kind == "dccb" and district in self.dccb_done:
                continue
            if kind == "apex-bank" and self.apex_done:
                continue
            if kind == "federation" and not self.federations_left:
                continue
            return kind

    def _village(self) -> tuple[str, str]:
        hi, en = self._choice(VILLAGES)
        if self.rng.random() < 0.12:
            s_hi, s_en = self._choice(SUFFIXES)
            return f"{hi} {s_hi}", f"{en} {s_en}"
        return hi, en

    def _name(self, kind: str, district: dict) -> tuple[str, str, str, str]:
        """(name_hi, name_en, place_hi for the address, kind of place: village/town/city)."""
        town = (district["name_hi"], district["name_en"])
        if kind == "apex-bank":
            self.apex_done = True
            return *APEX_BANK, town[0], "city"
        if kind == "federation":
            hi, en = self.federations_left.pop(int(self.rng.random() * len(self.federations_left)))
            return hi, en, town[0], "city"
        body_hi, body_en = _BODIES[kind]
        if kind == "dccb":
            self.dccb_done.add(district["code"])
            return (f"{body_hi} {MARYADIT[0]}, {town[0]}", f"{body_en} {MARYADIT[1]}, {town[1]}", town[0], "city")
        if kind == "salary-credit":
            emp_hi, emp_en = self._choice(EMPLOYERS)
            place = town if self.rng.random() < 0.7 else self._choice(VILLAGES)
            return (f"{emp_hi} {body_hi} {MARYADIT[0]}, {place[0]}", f"{emp_en} {body_en} {MARYADIT[1]}, {place[1]}",
                    place[0], "town")
        if self.rng.random() < _GIVEN_TYPES.get(kind, 0.0):
            given_hi, given_en = self._choice(GIVEN_NAMES)
            name_hi, name_en = f"{given_hi} {body_hi} {MARYADIT[0]}", f"{given_en} {body_en} {MARYADIT[1]}"
            if kind == "housing" and self.rng.random() < 0.4:
                name_hi, name_en = f"{name_hi}, {town[0]}", f"{name_en}, {town[1]}"
            urban = kind == "housing" or district["code"] in URBAN
            return name_hi, name_en, town[0] if urban else self._village()[0], "city" if urban else "village"
        if kind in _TOWN_TYPES and self.rng.random() < 0.5:
            place, where = town, "city"
        else:
            place, where = self._village(), "town" if kind in _TOWN_TYPES else "village"
        return f"{place[0]} {body_hi} {MARYADIT[0]}", f"{place[1]} {body_en} {MARYADIT[1]}", place[0], where

    def _address(self, place_hi: str, where: str, district: dict) -> str:
        if where == "village":
            return f"ग्राम {place_hi}, तहसील {district['name_hi']}, जिला {district['name_hi']}"
        if where == "town":
            return f"वार्ड क्र. {1 + int(self.rng.random() * 30)}, {place_hi}, जिला {district['name_hi']}"
        colony = self._choice(GIVEN_NAMES)[0]
        if not colony.endswith("नगर"):
            colony += " कॉलोनी"
        return f"{1 + int(self.rng.random() * 400)}, {colony}, {place_hi}"

    def _reg_no(self, short: str, year: int) -> str:
        key = (short, year)
        seq = self.seq.get(key, 0) + 1 + int(self.rng.random() * 3)
        if seq > 99_999:
            raise ValueError(f"more societies than 5-digit numbers allow for {short}-{year}")
        self.seq[key] = seq
        return f"{short}-{year}-{seq:05d}"

    def _date(self, kind: str) -> dt.date:
        first, last = YEARS.get(kind, DEFAULT_YEARS)
        year = first + int(self.rng.random() * (last - first + 1))
        start = dt.date(year, 1, 1)
        days = (dt.date(year, 12, 31) - start).days + 1
        return start + dt.timedelta(days=int(self.rng.random() * days))

    def _mobile(self) -> str:
        first = "9999988877666"[int(self.rng.random() * 13)]  # 9s and 8s are the older series
        return f"{first}{int(self.rng.random() * 1_000_000_000):09d}"

    def _members(self, kind: str) -> int:
        low, high = MEMBERS.get(kind, DEFAULT_MEMBERS)
        return int(math.exp(math.log(low) + self.rng.random() * (math.log(high) - math.log(low))))

    def _status(self, year: int) -> str:
        roll = self.rng.random()
        if year > 2020:
            return "active"
        if roll < 0.03:
            return "under_liquidation"
        if roll < 0.05:
            return "cancelled"
        return "active"

    def row(self, index: int) -> dict:
        if index < len(self.first_pass):
            code = self.first_pass[index]
        else:
            code = self._pick(self.district_cum, self.districts)["code"]
        district = geo.district(code)
        kind = self._type(code)
        name_hi, name_en, place_hi, where = self._name(kind, district)
        registered = self._date(kind)
        return {
            "reg_no": self._reg_no(district["short"], registered.year),
            "name_hi": name_hi,
            "name_en": name_en,
            "type": kind,
            "district": code,
            "address": self._address(place_hi, where, district),
            "registered_on": registered.isoformat(),
            "mobile": self._mobile(),
            "members": self._members(kind),
            "status": self._status(registered.year),
        }


def societies(count: int, seed: int = 2026) -> Iterator[dict]:
    """Yield `count` synthetic societies, the same ones for the same seed."""
    generator = _Generator(seed)
    for index in range(count):
        yield generator.row(index)
