#!/usr/bin/env python3
"""Make tiny, randomly initialised stand-ins of the hub models the app's model picker downloads.

Tests cannot reach the Hugging Face hub, so test/hub-mirror/server.ts serves these folders in the hub's URL
layout instead. Each stand-in has the real model's architecture, output dimension, tokenizer type and
special-token layout, but 1 layer, intermediate_size 64, a vocabulary of ~1000-1500 pieces learnt here from
job-posting-like text this script generates (never from real postings or data sets), and RANDOM weights: the
vectors mean nothing, they only let tests check that loading, tokenising, truncation and pooling match
sentence-transformers.

    Xenova/all-MiniLM-L12-v2                      BertModel        WordPiece (BertTokenizer)       384 dims, 128 tokens
    Xenova/all-mpnet-base-v2                      MPNetModel       WordPiece (MPNetTokenizer)      768 dims, 384 tokens
    Xenova/paraphrase-multilingual-MiniLM-L12-v2  XLMRobertaModel  Unigram (XLMRobertaTokenizer)   384 dims, 128 tokens

Tokenizers are assembled with the `tokenizers` library. The WordPiece vocabularies are learnt by this script (the
library's WordPieceTrainer breaks ties in hash-map order, so it is not reproducible); the Unigram model is trained
by SentencePiece with its nmt_nfkc normalisation, exactly as XLM-R's was (the library's UnigramTrainer is not
reproducible either), then laid out as transformers' XLMRobertaConverter does (`pip install sentencepiece`).

Output (default test/fixtures/tiny-hub/):
    Xenova/<name>/config.json, tokenizer.json, tokenizer_config.json, special_tokens_map.json, onnx/model.onnx (fp32)
    reference.json   sentence-transformers vectors (Transformer(max_seq_length) + Pooling(mean) + Normalize) and
                     token counts for a few texts, per model
    README.md

ONNX contract, as scripts/convert_model.py exports the bundled model and as the Xenova (optimum) exports declare:
    inputs  input_ids, attention_mask (+ token_type_ids for BERT only) : int64 [batch_size, sequence_length]
    output  last_hidden_state                                         : float32 [batch_size, sequence_length, dim]

Deterministic: fixed seeds, one thread; two runs give byte-identical files (checked with --check). The JSON files are
formatted with the repository's prettier (node_modules/.bin/prettier) so `prettier --check .` passes.

Usage (from the repo root):
    .venv-py/bin/pip install sentencepiece
    .venv-py/bin/python scripts/make_tiny_hub_models.py [OUT_DIR] [--check]
"""
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import hashlib
import io
import json
import logging
import random
import shutil
import subprocess
import sys
import tempfile
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "test" / "fixtures" / "tiny-hub"
OPSET = 17
OUTPUT = "last_hidden_state"
SEED = 20240611
INTERMEDIATE = 64
LAYERS = 1

MODELS = [
    {
        "name": "all-MiniLM-L12-v2",
        "kind": "bert",
        "architecture": "BertModel",
        "hidden": 384,
        "heads": 12,
        "max_seq_length": 128,
        "vocab_size": 1000,
        "inputs": ["input_ids", "attention_mask", "token_type_ids"],
    },
    {
        "name": "all-mpnet-base-v2",
        "kind": "mpnet",
        "architecture": "MPNetModel",
        "hidden": 768,
        "heads": 12,
        "max_seq_length": 384,
        "vocab_size": 1000,  # 768 dims: every 1000 pieces cost 3 MB
        "inputs": ["input_ids", "attention_mask"],
    },
    {
        "name": "paraphrase-multilingual-MiniLM-L12-v2",
        "kind": "xlm-roberta",
        "architecture": "XLMRobertaModel",
        "hidden": 384,
        "heads": 12,
        "max_seq_length": 128,
        "vocab_size": 1200,
        "inputs": ["input_ids", "attention_mask"],
    },
]

# ---------------------------------------------------------------------------------------------------------------
# Text: generated here from word lists, never copied from real postings or data sets.

ROLES = [
    "software engineer", "backend developer", "frontend developer", "full-stack developer", "data engineer",
    "data scientist", "machine learning engineer", "devops engineer", "site reliability engineer",
    "product manager", "project manager", "ux designer", "ui designer", "qa engineer", "test automation engineer",
    "security analyst", "cloud architect", "solutions architect", "mobile developer", "android developer",
    "ios developer", "embedded engineer", "firmware engineer", "database administrator", "system administrator",
    "network engineer", "business analyst", "data analyst", "technical writer", "support engineer",
    "sales engineer", "account manager", "marketing manager", "content strategist", "recruiter",
    "hr business partner", "financial controller", "accountant", "operations manager", "logistics coordinator",
    "warehouse supervisor", "nurse", "pharmacist", "teacher", "electrician", "mechanical engineer",
    "civil engineer", "chemist", "research scientist", "customer success manager", "scrum master",
    "engineering manager", "team lead", "platform engineer", "game developer", "graphic designer",
]
SENIORITY = ["junior", "mid-level", "senior", "staff", "principal", "lead", "entry-level", "experienced", "head of"]
TECH = [
    "python", "java", "kotlin", "scala", "go", "rust", "c++", "c#", "typescript", "javascript", "react", "angular",
    "vue", "node.js", "django", "flask", "fastapi", "spring boot", "rails", "php", "laravel", "swift", "sql",
    "postgresql", "mysql", "mongodb", "redis", "elasticsearch", "kafka", "rabbitmq", "spark", "airflow", "dbt",
    "snowflake", "bigquery", "aws", "azure", "gcp", "docker", "kubernetes", "terraform", "ansible", "jenkins",
    "github actions", "gitlab ci", "linux", "bash", "graphql", "rest apis", "grpc", "pytorch", "tensorflow",
    "scikit-learn", "pandas", "numpy", "tableau", "power bi", "excel", "sap", "salesforce", "figma", "jira",
    "onnx", "webassembly", "webgpu", "html", "css", "tailwind", "next.js", "svelte", "unity", "unreal engine",
]
SKILLS = [
    "communication", "stakeholder management", "problem solving", "mentoring", "code review", "system design",
    "distributed systems", "microservices", "data modelling", "statistics", "experimentation", "a/b testing",
    "accessibility", "performance tuning", "observability", "incident response", "agile methods", "scrum",
    "technical leadership", "documentation", "customer empathy", "negotiation", "budgeting", "forecasting",
    "compliance", "security best practices", "test-driven development", "continuous delivery", "teamwork",
    "time management", "attention to detail", "analytical thinking", "presentation skills", "english",
    "german", "spanish", "french", "polish", "japanese", "mandarin",
]
CITIES = [
    "berlin", "munich", "hamburg", "vienna", "zurich", "amsterdam", "london", "dublin", "paris", "lyon", "madrid",
    "barcelona", "lisbon", "warsaw", "krakow", "prague", "stockholm", "copenhagen", "oslo", "helsinki", "new york",
    "san francisco", "seattle", "austin", "toronto", "montreal", "tokyo", "osaka", "singapore", "sydney",
    "melbourne", "bangalore", "tel aviv", "cologne", "frankfurt", "stuttgart", "leipzig", "gdansk", "wroclaw",
]
COMPANIES = [
    "acme analytics", "northwind labs", "bluefin systems", "cobalt health", "greenleaf energy", "helix robotics",
    "ivory finance", "juniper logistics", "kestrel games", "lumen media", "maple insurance", "nimbus cloud",
    "orbit mobility", "pioneer retail", "quartz security", "riverstone bank", "summit education", "tidal foods",
    "umbra design", "vertex pharma", "willow travel", "xenon semiconductors", "yonder telecom", "zephyr aviation",
]
BENEFITS = [
    "flexible working hours", "remote work", "a hybrid setup", "30 days of vacation", "a learning budget",
    "stock options", "a company pension", "health insurance", "a public transport ticket", "parental leave",
    "a home office allowance", "team events", "a bike leasing program", "free lunch", "conference tickets",
    "relocation support", "visa sponsorship", "a four-day week", "a modern laptop", "gym membership",
]
VERBS = [
    "design", "build", "maintain", "scale", "improve", "own", "operate", "test", "document", "monitor", "automate",
    "migrate", "refactor", "deploy", "analyse", "optimise", "prototype", "ship", "support", "secure",
]
OBJECTS = [
    "data pipelines", "customer-facing apis", "internal tools", "our payment platform", "the search service",
    "machine learning models", "mobile apps", "the design system", "cloud infrastructure", "reporting dashboards",
    "recommendation systems", "the checkout flow", "event streaming", "batch jobs", "identity services",
    "the developer platform", "edge services", "release processes", "monitoring and alerting", "data warehouses",
]
MODES = ["remote", "hybrid", "on-site", "remote-first", "fully remote", "office-based"]
CONTRACTS = ["full-time", "part-time", "permanent", "fixed-term", "freelance", "contract", "internship"]

ENGLISH_TEMPLATES = [
    "{company} is hiring a {seniority} {role} in {city} ({mode}).",
    "As a {role} you will {verb} {object} with {tech} and {tech2}.",
    "Requirements: {years}+ years of experience with {tech}, {tech2} and {skill}.",
    "We offer {benefit}, {benefit2} and a salary of {salary} per year.",
    "Nice to have: {tech}, {skill} and experience in {object}.",
    "Our {role} team in {city} works {mode} and ships every week.",
    "You have strong {skill} skills and enjoy working with {tech}.",
    "{contract} position, {mode}, based in {city}; start date: {month} {year}.",
    "Responsibilities include to {verb} {object} and to {verb2} {object2}.",
    "Looking for a {role} ({seniority}) who can {verb} {object} using {tech}.",
    "Profile: {seniority} {role} with {years} years in {tech} and a background in {skill}.",
    "Join {company} to {verb} {object}; we use {tech}, {tech2} and {tech3}.",
    "Skills: {tech}, {tech2}, {tech3}, {skill}, {skill2}.",
    "The salary range is {salary} to {salary2} depending on experience.",
    "Apply with your cv and a short note about {object} you helped {verb}.",
]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]

MULTILINGUAL = {
    "de": [
        "Wir suchen eine/n {de_role} (m/w/d) in {de_city} in Vollzeit.",
        "Ihre Aufgaben: Entwicklung und Wartung von {tech}-Anwendungen im Team.",
        "Sie bringen {years} Jahre Berufserfahrung mit {tech} und sehr gute Deutschkenntnisse mit.",
        "Wir bieten ein unbefristetes Arbeitsverhältnis, Homeoffice und {years}0 Urlaubstage.",
        "Gehalt: {salary} brutto jährlich, flexible Arbeitszeiten und Weiterbildung.",
        "Über uns: ein wachsendes Unternehmen in {de_city} mit flachen Hierarchien.",
    ],
    "es": [
        "Buscamos un/a {es_role} con experiencia en {tech} para nuestra oficina de {es_city}.",
        "Ofrecemos contrato indefinido, teletrabajo y un salario de {salary} al año.",
        "Requisitos: {years} años de experiencia, inglés avanzado y trabajo en equipo.",
        "Te encargarás de diseñar, desarrollar y mantener aplicaciones con {tech}.",
    ],
    "fr": [
        "Nous recherchons un(e) {fr_role} pour rejoindre notre équipe à {fr_city}.",
        "Vous maîtrisez {tech} et vous avez {years} ans d'expérience professionnelle.",
        "Nous offrons un CDI, le télétravail partiel et des tickets restaurant.",
        "Missions : développer, tester et déployer des services avec {tech}.",
    ],
    "pl": [
        "Poszukujemy osoby na stanowisko {pl_role} w {pl_city}.",
        "Wymagania: {years} lata doświadczenia z {tech}, znajomość języka angielskiego.",
        "Oferujemy umowę o pracę, pracę zdalną, prywatną opiekę medyczną i kartę sportową.",
        "Zakres obowiązków: projektowanie, rozwój i utrzymanie systemów w {tech}.",
    ],
    "ja": [
        "{ja_role}を募集しています。勤務地は{ja_city}です。",
        "{tech}の開発経験が{years}年以上ある方を歓迎します。",
        "リモートワーク可能、フレックスタイム制、各種社会保険完備。",
        "仕事内容：Webアプリケーションの設計、開発、運用を担当していただきます。",
    ],
    "zh": [
        "我们正在招聘{zh_role}，工作地点在{zh_city}。",
        "要求：{years}年以上{tech}开发经验，良好的沟通能力和团队合作精神。",
        "我们提供有竞争力的薪资、五险一金、弹性工作时间和带薪年假。",
        "工作职责：负责后端服务的设计、开发和维护。",
    ],
}
ML_WORDS = {
    "de_role": ["Softwareentwickler", "Datenanalyst", "Projektleiter", "Systemadministrator", "Werkstudent",
                "Backend-Entwickler", "Elektroniker", "Krankenpfleger", "Buchhalter", "Vertriebsmitarbeiter"],
    "de_city": ["München", "Köln", "Düsseldorf", "Nürnberg", "Berlin", "Hamburg", "Würzburg", "Lübeck"],
    "es_role": ["desarrollador backend", "ingeniero de datos", "analista de negocio", "diseñador ux",
                "técnico de soporte", "jefe de proyecto"],
    "es_city": ["Madrid", "Barcelona", "Valencia", "Sevilla", "Málaga", "Bilbao"],
    "fr_role": ["développeur full-stack", "ingénieur logiciel", "chef de projet", "analyste de données",
                "responsable marketing", "technicien réseau"],
    "fr_city": ["Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Grenoble"],
    "pl_role": ["programisty Java", "analityka danych", "testera oprogramowania", "kierownika projektu",
                "administratora systemów", "inżyniera DevOps"],
    "pl_city": ["Warszawie", "Krakowie", "Łodzi", "Gdańsku", "Wrocławiu", "Poznaniu"],
    "ja_role": ["ソフトウェアエンジニア", "データサイエンティスト", "プロジェクトマネージャー", "インフラエンジニア",
                "フロントエンドエンジニア", "営業職"],
    "ja_city": ["東京", "大阪", "名古屋", "福岡", "札幌", "京都"],
    "zh_role": ["软件工程师", "数据分析师", "产品经理", "前端开发工程师", "运维工程师", "测试工程师"],
    "zh_city": ["北京", "上海", "深圳", "杭州", "广州", "成都"],
}


def _fill(template: str, rng: random.Random) -> str:
    pick = rng.choice
    values = {
        "company": pick(COMPANIES).title(), "seniority": pick(SENIORITY), "role": pick(ROLES), "city": pick(CITIES).title(),
        "mode": pick(MODES), "verb": pick(VERBS), "verb2": pick(VERBS), "object": pick(OBJECTS), "object2": pick(OBJECTS),
        "tech": pick(TECH), "tech2": pick(TECH), "tech3": pick(TECH), "skill": pick(SKILLS), "skill2": pick(SKILLS),
        "years": str(rng.randint(1, 9)), "benefit": pick(BENEFITS), "benefit2": pick(BENEFITS),
        "salary": f"{rng.randint(35, 140)},000 EUR", "salary2": f"{rng.randint(60, 180)},000 EUR",
        "contract": pick(CONTRACTS).capitalize(), "month": pick(MONTHS).title(), "year": str(rng.randint(2024, 2027)),
    }
    values.update({k: pick(v) for k, v in ML_WORDS.items()})
    text = template.format(**values)
    return text[0].upper() + text[1:]


def english_corpus(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [_fill(rng.choice(ENGLISH_TEMPLATES), rng) for _ in range(n)]


def multilingual_corpus(n_en: int, n_per_language: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = english_corpus(n_en, seed + 1)
    for lang in sorted(MULTILINGUAL):
        out += [_fill(rng.choice(MULTILINGUAL[lang]), rng) for _ in range(n_per_language)]
    rng.shuffle(out)
    return out


def long_text(seed: int, min_words: int) -> str:
    """A posting well past every max_seq_length (600+ word pieces)."""
    rng = random.Random(seed)
    parts: list[str] = []
    while sum(len(p.split()) for p in parts) < min_words:
        parts.append(_fill(rng.choice(ENGLISH_TEMPLATES), rng))
    return " ".join(parts)


def reference_texts() -> list[str]:
    return [
        "Python developer",
        "Senior Data Engineer (Remote, EU): build Spark & Kafka pipelines; 5+ years with SQL, Airflow and AWS.",
        "Backend-Entwickler (m/w/d) in München – Gehalt 65.000 €; café, naïve façade, Łódź; "
        "ソフトウェアエンジニア 東京; 软件工程师 上海",
        # Half-width katakana with a voiced mark (ｼﾞ) is left out on purpose: SentencePiece's nmt_nfkc table maps it
        # to シ + U+3099 while transformers.js's Precompiled normaliser (plain NFKC) composes ジ, so the token ids differ.
        "ＦＵＬＬ－ＳＴＡＣＫ ﾃｽﾄ ① — fully\u00a0remote\u3000role, “quotes” and ‘apostrophes’…  double  spaces\ttab",
        "Experienced product designer with eight years in fintech and e-commerce. I lead discovery, run user "
        "interviews, prototype in Figma and work closely with engineers on a shared design system. Looking for a "
        "hybrid role in Berlin or Amsterdam with a strong focus on accessibility.",
        long_text(SEED + 7, 460),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Tokenizers


def train_sentencepiece(corpus: list[str], vocab_size: int):
    """A SentencePiece Unigram model (ModelProto) with the nmt_nfkc normalisation, as XLM-R's was trained."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(corpus), model_writer=buf, model_type="unigram",
                                   vocab_size=vocab_size, hard_vocab_limit=False, character_coverage=1.0,
                                   normalization_rule_name="nmt_nfkc", num_threads=1, minloglevel=2)
    proto = pb.ModelProto()
    proto.ParseFromString(buf.getvalue())
    assert proto.normalizer_spec.name == "nmt_nfkc"
    assert [p.piece for p in proto.pieces[:3]] == ["<unk>", "<s>", "</s>"], [p.piece for p in proto.pieces[:3]]
    return proto


ASCII_ALPHABET = [chr(c) for c in range(33, 127)]


def wordpiece_vocab(words: dict[str, int], vocab_size: int, specials: list[str]) -> dict[str, int]:
    """WordPiece vocabulary learnt the way `tokenizers`' WordPieceTrainer does it (BPE merges over `##`-prefixed
    continuation pieces), but with ties broken by the pieces' text: the library's trainer breaks ties in hash-map
    order, so two runs give different vocabularies."""
    alphabet = sorted({c.lower() for c in ASCII_ALPHABET} | {c for w in words for c in w})
    vocab = list(specials) + alphabet + sorted("##" + c for c in alphabet if c.isalnum())
    known = set(vocab)
    splits = {w: [w[0]] + ["##" + c for c in w[1:]] for w in words}
    while len(vocab) < vocab_size:
        pairs: dict[tuple[str, str], int] = {}
        for w, parts in splits.items():
            for pair in zip(parts, parts[1:]):
                pairs[pair] = pairs.get(pair, 0) + words[w]
        if not pairs:
            break
        (a, b), _ = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
        merged = a + b[2:]
        for w, parts in splits.items():
            i, out = 0, []
            while i < len(parts):
                if i + 1 < len(parts) and parts[i] == a and parts[i + 1] == b:
                    out.append(merged)
                    i += 2
                else:
                    out.append(parts[i])
                    i += 1
            splits[w] = out
        if merged not in known:
            known.add(merged)
            vocab.append(merged)
    return {t: i for i, t in enumerate(vocab)}


def wordpiece_tokenizer(corpus: list[str], vocab_size: int, specials: list[str], unk: str, cls: str, sep: str):
    from tokenizers import AddedToken, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordPiece

    normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None,
                                            lowercase=True)
    pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    words: dict[str, int] = {}
    for line in corpus:
        for w, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(line)):
            words[w] = words.get(w, 0) + 1
    vocab = wordpiece_vocab(words, vocab_size, specials)
    tok = Tokenizer(WordPiece(vocab, unk_token=unk, continuing_subword_prefix="##", max_input_chars_per_word=100))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre_tokenizer
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    tok.post_processor = processors.TemplateProcessing(
        single=f"{cls}:0 $A:0 {sep}:0",
        pair=f"{cls}:0 $A:0 {sep}:0 $B:1 {sep}:1" if cls == "[CLS]" else f"{cls}:0 $A:0 {sep}:0 {sep}:0 $B:1 {sep}:1",
        special_tokens=[(cls, tok.token_to_id(cls)), (sep, tok.token_to_id(sep))],
    )
    tok.decoder = decoders.WordPiece(prefix="##")
    return json.loads(tok.to_str())


def unigram_tokenizer(corpus: list[str], vocab_size: int):
    """XLM-R's layout, as transformers' XLMRobertaConverter writes it: <s> <pad> </s> <unk>, the SentencePiece
    pieces after its own <unk> <s> </s>, <mask> last; Precompiled(nmt_nfkc) + Replace(' {2,}', ' ') normaliser,
    Metaspace pre-tokenizer. SentencePiece trains it: the `tokenizers` UnigramTrainer is not deterministic (its EM
    sums in hash-map order)."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    proto = train_sentencepiece(corpus, vocab_size - 2)  # + <pad> and <mask>
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    vocab = [(t, 0.0) for t in specials] + [(p.piece, p.score) for p in proto.pieces[3:]] + [("<mask>", 0.0)]
    tok = Tokenizer(Unigram(vocab, unk_id=3, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.Precompiled(proto.normalizer_spec.precompiled_charsmap),
                                           normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    tok.add_special_tokens([AddedToken("<mask>", special=True, normalized=False, lstrip=True)])
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", tok.token_to_id("<s>")), ("</s>", tok.token_to_id("</s>"))],
    )
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    return json.loads(tok.to_str())


def add_mask_token(tj: dict, mask: str) -> dict:
    """Append the mask token at the end of the WordPiece vocabulary, as the real MPNet vocabulary has it."""
    model = tj["model"]
    idx = len(model["vocab"])
    assert mask not in model["vocab"]
    model["vocab"][mask] = idx
    tj["added_tokens"].append({"id": idx, "content": mask, "single_word": False, "lstrip": True, "rstrip": False,
                               "normalized": False, "special": True})
    return tj


def make_tokenizer(spec: dict) -> tuple[dict, dict, dict]:
    """tokenizer.json, tokenizer_config.json, special_tokens_map.json for one model."""
    kind = spec["kind"]
    if kind == "bert":
        corpus = english_corpus(6000, SEED)
        tj = wordpiece_tokenizer(corpus, spec["vocab_size"], ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"],
                                 "[UNK]", "[CLS]", "[SEP]")
        tokens = {"cls_token": "[CLS]", "mask_token": "[MASK]", "pad_token": "[PAD]", "sep_token": "[SEP]",
                  "unk_token": "[UNK]"}
        tc = {**tokens, "clean_up_tokenization_spaces": True, "do_basic_tokenize": True, "do_lower_case": True,
              "never_split": None, "strip_accents": None, "tokenize_chinese_chars": True,
              "tokenizer_class": "BertTokenizer"}
    elif kind == "mpnet":
        # Real all-mpnet-base-v2: <s>=0 <pad>=1 </s>=2 <unk>=3, then BERT's uncased vocabulary ([UNK] is the
        # WordPiece unk token and the tokenizer's unk_token), <mask> last.
        corpus = english_corpus(6000, SEED + 100)
        tj = wordpiece_tokenizer(corpus, spec["vocab_size"] - 1, ["<s>", "<pad>", "</s>", "<unk>", "[UNK]"],
                                 "[UNK]", "<s>", "</s>")
        tj = add_mask_token(tj, "<mask>")
        tokens = {"bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>", "mask_token": "<mask>",
                  "pad_token": "<pad>", "sep_token": "</s>", "unk_token": "[UNK]"}
        tc = {**tokens, "clean_up_tokenization_spaces": True, "do_lower_case": True, "strip_accents": None,
              "tokenize_chinese_chars": True, "tokenizer_class": "MPNetTokenizer"}
    else:
        corpus = multilingual_corpus(4000, 400, SEED + 200)
        tj = unigram_tokenizer(corpus, spec["vocab_size"])
        tokens = {"bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>", "mask_token": "<mask>",
                  "pad_token": "<pad>", "sep_token": "</s>", "unk_token": "<unk>"}
        tc = {**tokens, "clean_up_tokenization_spaces": True, "tokenizer_class": "XLMRobertaTokenizer"}
    tc["model_max_length"] = 512
    tj["truncation"] = None
    tj["padding"] = None
    return tj, tc, tokens


def check_special_ids(spec: dict, tj: dict) -> int:
    """Asserts the real models' special-token ids; returns the vocabulary size."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_str(json.dumps(tj))
    size = tok.get_vocab_size()
    want = {
        "bert": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4},
        "mpnet": {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "[UNK]": 4, "<mask>": size - 1},
        "xlm-roberta": {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "<mask>": size - 1},
    }[spec["kind"]]
    got = {t: tok.token_to_id(t) for t in want}
    assert got == want, f"{spec['name']}: special ids {got} != {want}"
    assert 1000 <= size <= spec["vocab_size"], (spec["name"], size)
    return size


# ---------------------------------------------------------------------------------------------------------------
# Models


def build_model(spec: dict):
    import torch
    from transformers import BertConfig, BertModel, MPNetConfig, MPNetModel, XLMRobertaConfig, XLMRobertaModel

    common = dict(vocab_size=spec["vocab_size"], hidden_size=spec["hidden"], num_hidden_layers=LAYERS,
                  num_attention_heads=spec["heads"], intermediate_size=INTERMEDIATE, hidden_act="gelu",
                  hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, initializer_range=0.02)
    if spec["kind"] == "bert":
        config = BertConfig(**common, max_position_embeddings=512, type_vocab_size=2, layer_norm_eps=1e-12,
                            pad_token_id=0)
        cls = BertModel
    elif spec["kind"] == "mpnet":
        config = MPNetConfig(**common, max_position_embeddings=514, layer_norm_eps=1e-5, pad_token_id=1,
                             bos_token_id=0, eos_token_id=2, relative_attention_num_buckets=32)
        cls = MPNetModel
    else:
        config = XLMRobertaConfig(**common, max_position_embeddings=514, type_vocab_size=1, layer_norm_eps=1e-5,
                                  pad_token_id=1, bos_token_id=0, eos_token_id=2)
        cls = XLMRobertaModel
    torch.manual_seed(SEED + [m["name"] for m in MODELS].index(spec["name"]))
    model = cls(config).eval()
    # Word embeddings 10x the default init (0.02), so that after the embedding LayerNorm a text's vector is mostly
    # the mean of its tokens' and not the position / token-type embeddings every text shares: different texts then
    # get clearly different vectors, and texts sharing words similar ones. The padding row stays zero.
    with torch.no_grad():
        emb = model.embeddings.word_embeddings
        emb.weight.normal_(0.0, 0.2)
        if emb.padding_idx is not None:
            emb.weight[emb.padding_idx].zero_()
    try:  # plain eager attention traces to standard ops with a dynamic mask
        model.set_attn_implementation("eager")
    except Exception:
        model.config._attn_implementation = "eager"
    return model


def export_onnx(spec: dict, model, tok, path: Path):
    import onnx
    import torch

    inputs = spec["inputs"]

    class Wrapper(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *args):
            return self.inner(**dict(zip(inputs, args)), return_dict=True).last_hidden_state

    enc = batch_encode(tok, ["hello world", "a somewhat longer sentence for the export"])
    args = tuple(torch.from_numpy(enc[k]) for k in inputs)
    axes = {k: {0: "batch_size", 1: "sequence_length"} for k in inputs}
    axes[OUTPUT] = {0: "batch_size", 1: "sequence_length"}
    path.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(Wrapper(model).eval(), args, str(path), input_names=inputs, output_names=[OUTPUT],
                          dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True, dynamo=False)
    m = onnx.load(str(path))
    onnx.checker.check_model(m)
    assert [i.name for i in m.graph.input] == inputs, [i.name for i in m.graph.input]
    assert all(i.type.tensor_type.elem_type == onnx.TensorProto.INT64 for i in m.graph.input)
    assert [o.name for o in m.graph.output] == [OUTPUT]
    out = m.graph.output[0].type.tensor_type
    assert out.elem_type == onnx.TensorProto.FLOAT
    dims = [d.dim_value or d.dim_param for d in out.shape.dim]
    assert dims == ["batch_size", "sequence_length", spec["hidden"]], dims


def batch_encode(tok, texts: list[str], max_len: int | None = None) -> dict:
    """Token ids as sentence-transformers feeds them: truncated to max_len keeping the closing special token."""
    encs = [tok.encode(t) for t in texts]
    pad_id = tok.token_to_id("<pad>") if tok.token_to_id("<pad>") is not None else tok.token_to_id("[PAD]")
    rows = []
    for e in encs:
        ids, types = list(e.ids), list(e.type_ids)
        if max_len is not None and len(ids) > max_len:
            ids, types = ids[: max_len - 1] + ids[-1:], types[: max_len - 1] + types[-1:]
        rows.append((ids, types))
    length = max(len(r[0]) for r in rows)
    out = {k: np.zeros((len(rows), length), np.int64) for k in ["input_ids", "attention_mask", "token_type_ids"]}
    out["input_ids"][:] = pad_id
    for r, (ids, types) in enumerate(rows):
        out["input_ids"][r, : len(ids)] = ids
        out["attention_mask"][r, : len(ids)] = 1
        out["token_type_ids"][r, : len(ids)] = types
    return out


def onnx_embed(spec: dict, path: Path, tok, texts: list[str]) -> np.ndarray:
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    enc = batch_encode(tok, texts, spec["max_seq_length"])  # one padded batch exercises the attention mask
    h = sess.run([OUTPUT], {k: enc[k] for k in spec["inputs"]})[0]
    assert h.dtype == np.float32 and h.shape[2] == spec["hidden"], (h.dtype, h.shape)
    m = enc["attention_mask"][..., None].astype(np.float32)
    v = (h * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
    return v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None)


# ---------------------------------------------------------------------------------------------------------------
# Output


def dump_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def prettier(files: list[Path]) -> None:
    exe = REPO / "node_modules" / ".bin" / "prettier"
    if not exe.exists():
        print("WARNING: node_modules/.bin/prettier not found; JSON left as json.dumps wrote it "
              "(run `npx prettier --write test/fixtures/tiny-hub`)", file=sys.stderr)
        return
    subprocess.run([str(exe), "--log-level", "warn", "--write", *map(str, files)], check=True, cwd=REPO)


def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def sig7(x: float) -> float:
    return float(f"{x:.7g}")


def make_one(spec: dict, out: Path, tmp: Path) -> tuple[dict, dict]:
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from tokenizers import Tokenizer

    model_id = f"Xenova/{spec['name']}"
    folder = out / model_id
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "onnx").mkdir(parents=True)

    tj, tc, special = make_tokenizer(spec)
    spec = {**spec, "vocab_size": check_special_ids(spec, tj)}  # a Unigram trainer may stop short of the target
    model = build_model(spec)

    # The HF folder sentence-transformers loads (weights in safetensors; not part of the fixture).
    hf = tmp / spec["name"]
    model.save_pretrained(hf)
    config = json.loads((hf / "config.json").read_text())
    config["_name_or_path"] = f"sentence-transformers/{spec['name']}"
    config["architectures"] = [spec["architecture"]]
    config.pop("_attn_implementation", None)
    config.pop("_attn_implementation_autoset", None)
    for path in (hf / "config.json", folder / "config.json"):
        path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    for name, obj in (("tokenizer.json", tj), ("tokenizer_config.json", dict(sorted(tc.items()))),
                      ("special_tokens_map.json", dict(sorted(special.items())))):
        dump_json(folder / name, obj)
        shutil.copyfile(folder / name, hf / name)

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    export_onnx(spec, model, tok, folder / "onnx" / "model.onnx")

    # sentence-transformers: Transformer(max_seq_length) + Pooling(mean) + Normalize, as the real models are configured.
    transformer = Transformer(str(hf), max_seq_length=spec["max_seq_length"])
    pooling = Pooling(spec["hidden"], pooling_mode="mean")
    st = SentenceTransformer(modules=[transformer, pooling, Normalize()], device="cpu")
    st.eval()
    assert type(st.tokenizer).__name__ == tc["tokenizer_class"], type(st.tokenizer).__name__

    # sentence-transformers' tokenizer must read tokenizer.json as the `tokenizers` library does
    if spec["kind"] == "xlm-roberta":
        sample = multilingual_corpus(150, 25, SEED + 300)
    else:
        sample = english_corpus(300, SEED + 300)
    for t in sample:
        assert st.tokenizer(t)["input_ids"] == tok.encode(t).ids, f"{spec['name']}: HF tokenizer differs on {t!r}"
    texts = reference_texts()
    counts = [len(tok.encode(t).ids) for t in texts]
    for t in texts:
        ids = st.tokenizer(t)["input_ids"]
        assert ids == tok.encode(t).ids, f"{spec['name']}: HF tokenizer differs from tokenizers for {t[:40]!r}"
        cut = st.tokenizer(t, truncation=True, max_length=spec["max_seq_length"])["input_ids"]
        assert cut == batch_encode(tok, [t], spec["max_seq_length"])["input_ids"][0].tolist(), spec["name"]
    assert counts[-1] > spec["max_seq_length"], (spec["name"], counts[-1])
    assert all(c <= spec["max_seq_length"] for c in counts[:-1]), (spec["name"], counts)

    with torch.inference_mode():
        vectors = st.encode(texts, batch_size=len(texts), convert_to_numpy=True, show_progress_bar=False)
    assert vectors.shape == (len(texts), spec["hidden"])
    got = onnx_embed(spec, folder / "onnx" / "model.onnx", tok, texts)
    cos = (got * vectors).sum(1) / (np.linalg.norm(got, axis=1) * np.linalg.norm(vectors, axis=1))
    assert cos.min() > 0.99999, f"{spec['name']}: onnx export vs sentence-transformers min cos {cos.min()}"
    sims = vectors @ vectors.T
    print(f"{model_id}: vocab {spec['vocab_size']}, tokens {counts}, onnx vs ST min cos {cos.min():.7f}, "
          f"max cos between different texts {np.max(sims - 2 * np.eye(len(texts))):.4f}")

    return spec, {
        "modelId": model_id,
        "maxTokens": spec["max_seq_length"],
        "dim": spec["hidden"],
        "texts": texts,
        "tokenCounts": counts,
        "vectors": [[sig7(x) for x in row] for row in vectors.astype(np.float64).tolist()],
    }


def write_readme(out: Path, specs: list[dict]) -> Path:
    vers = {k: version(k) for k in ["torch", "transformers", "tokenizers", "sentence-transformers", "onnx",
                                    "onnxruntime", "sentencepiece", "numpy"]}
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.name != "README.md")
    rows = "\n".join(f"| `{p.relative_to(out).as_posix()}` | {p.stat().st_size} | `{sha256(p)[:16]}` |" for p in files)
    models = "\n".join(
        f"| `{s['name']}` | {s['architecture']} | {s['hidden']} | {s['max_seq_length']} | {s['vocab_size']} | "
        f"{', '.join(f'`{i}`' for i in s['inputs'])} |" for s in specs)
    text = f"""# Tiny hub models (test fixtures)

Stand-ins for the three models the app's model picker downloads from the Hugging Face hub, in the
transformers.js layout (`Xenova/<name>/config.json`, `tokenizer.json`, `tokenizer_config.json`,
`special_tokens_map.json`, `onnx/model.onnx`, fp32 only). `test/hub-mirror/server.ts` serves them in the hub's
URL layout (`/{{org}}/{{name}}/resolve/main/{{file}}`), so tests run offline.

**The weights are random.** Each model has the real architecture, hidden size (the app checks the vector
dimension), tokenizer type and special-token layout, but 1 layer, intermediate size {INTERMEDIATE} and a small vocabulary
learnt from job-posting-like text the script generates itself (WordPiece by the script, the multilingual Unigram
by SentencePiece; its text adds some German, Spanish, French, Polish, Japanese and Chinese). The vectors mean nothing: they only let tests check that
loading, tokenising, truncation and mean pooling match sentence-transformers.

| model | architecture | dim | max_seq_length | vocab | ONNX inputs |
| --- | --- | --- | --- | --- | --- |
{models}

`reference.json`: for each model, `{{ modelId, maxTokens, dim, texts, tokenCounts, vectors }}`: the
sentence-transformers output (`Transformer(max_seq_length=maxTokens)` + `Pooling(mean)` + `Normalize()`,
7 significant digits) and the token count of each text with special tokens, before truncation. The last text is
longer than every `maxTokens` (sentence-transformers keeps the closing `[SEP]`/`</s>` when it truncates).

## Regenerate

```sh
.venv-py/bin/pip install sentencepiece   # only for XLM-R's nmt_nfkc normalisation table
.venv-py/bin/python scripts/make_tiny_hub_models.py          # -> test/fixtures/tiny-hub/
.venv-py/bin/python scripts/make_tiny_hub_models.py --check  # builds twice, fails unless byte-identical
```

Deterministic (fixed seeds, one thread); made with torch {vers['torch']}, transformers {vers['transformers']},
tokenizers {vers['tokenizers']}, sentence-transformers {vers['sentence-transformers']}, onnx {vers['onnx']},
onnxruntime {vers['onnxruntime']}, sentencepiece {vers['sentencepiece']}, numpy {vers['numpy']}; JSON formatted by
the repository's prettier.

## Files

| file | bytes | sha256 (first 16) |
| --- | --- | --- |
{rows}
"""
    path = out / "README.md"
    path.write_text(text, encoding="utf-8")
    return path


def build(out: Path) -> None:
    import torch

    torch.set_num_threads(1)
    logging.getLogger("transformers").setLevel(logging.ERROR)
    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    out.mkdir(parents=True, exist_ok=True)
    specs, refs = [], []
    with tempfile.TemporaryDirectory(prefix="tiny-hub-") as tmp:
        for spec in MODELS:
            built, ref = make_one(spec, out, Path(tmp))
            specs.append(built)
            refs.append(ref)
    dump_json(out / "reference.json", {
        "about": "sentence-transformers vectors of the random tiny models (scripts/make_tiny_hub_models.py)",
        "models": refs,
    })
    prettier(sorted(out.rglob("*.json")))
    prettier([write_readme(out, specs)])
    total = 0
    for p in sorted(x for x in out.rglob("*") if x.is_file()):
        total += p.stat().st_size
        print(f"  {p.stat().st_size:>10}  {p.relative_to(out).as_posix()}")
    print(f"  {total:>10}  total")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", default=str(DEFAULT_OUT))
    ap.add_argument("--check", action="store_true", help="build a second copy in a temp dir and compare bytes")
    args = ap.parse_args()
    out = Path(args.out).resolve()
    build(out)
    if args.check:
        # prettier takes its options from the repo's package.json: build the copy inside the repo's tree
        copy = REPO / "test" / "fixtures" / ".tiny-hub-check"
        try:
            build(copy)
            a = {p.relative_to(out).as_posix(): sha256(p) for p in out.rglob("*") if p.is_file()}
            b = {p.relative_to(copy).as_posix(): sha256(p) for p in copy.rglob("*") if p.is_file()}
            diff = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
            if diff:
                sys.exit(f"NOT deterministic: {diff}")
            print(f"deterministic: {len(a)} files byte-identical across two builds")
        finally:
            shutil.rmtree(copy, ignore_errors=True)


if __name__ == "__main__":
    main()
