#!/usr/bin/env python3
"""W8A8 int8 quantisation of all-MiniLM-L6-v2 with per-token activation scales (issue 12).

Reads the shipped fp32 export (never writes there) and writes an ONNX model (standard ops, opset 17)
whose 36 encoder matrix products run as uint8 x int8 -> int32 (`MatMulInteger`):

* weights: W' = diag(s) W, symmetric int8 per output column (or uint8, zero point 128: `--weights u8`);
* activations, quantised per token at run time from standard ONNX ops only. Default `--qform axis`
  (x viewed as [B*S, K]):
      m = ReduceMax(|x / s|, axis 1); row_scale = max(m, 1e-8) / 127
      q = QuantizeLinear(x / s, row_scale, zero point 128 uint8, axis 0)
      y = DequantizeLinear(MatMulInteger(q, Wq, 128, 0), row_scale, axis 0) * w_scale   (+ the bias Add)
  `--qform div` does the same on [B, S, K] with Div + QuantizeLinear(., 1, 128) and Cast + Mul + Mul
  (same numbers, slower). `--act s8` quantises to int8 with zero point 0 (slow in the CPU EP).
  Attention scores, Softmax, LayerNorm and GELU stay fp32; embedding tables are int8 + DequantizeLinear
  after the Gather (as the shipped model_quantized.onnx; `--embeddings fp32` keeps them fp32).
* SmoothQuant (`--alpha`, default 0.8): s_j = max|X_j|^a / max|W_j|^(1-a) per input channel, with
  max|X_j| calibrated by running the fp32 model with onnxruntime on job-posting / resume text generated
  below (no evaluation data). Q/K/V share one s (one LayerNorm output), FFN-in has its own.
  all-MiniLM-L6-v2 is post-LN BERT: each LayerNorm output is also the residual input of the next block,
  so dividing the LayerNorm's gamma/beta by s (`--smooth-mode ln`) needs a Mul by s on the residual
  branch; `--smooth-mode mul` (default) multiplies by 1/s in front of the quantiser and leaves the
  LayerNorm alone. Both cost one elementwise Mul per smoothed input.
  Optional: smoothing of the attention-output product (folded exactly into V: `--smooth-o ALPHA`) and of
  the FFN-out product (explicit Mul: `--smooth-ffn-out ALPHA`).
* `--fp32 LIST` leaves products in fp32 arithmetic (q,k,v,o,ffn_in,ffn_out, or `L.name`, e.g.
  `5.ffn_out`), with int8 weights dequantised by DequantizeLinear unless `--fp32-weights fp32`.
* `--fold-k` (exact): drops K's bias (a per-query constant under Softmax) and moves K's column scales
  into Q. `--fold-v`: moves V's bias into the attention-output bias (exact in fp32, changes that
  product's quantiser input). `--fuse-qkv`: one MatMulInteger + Split for Q, K, V.

`--method nbits` instead writes `MatMulNBits` (com.microsoft; 8 bit, symmetric, block-wise;
`--accuracy-level 4` = int8 compute), packed with onnxruntime's quantize_matmul_8bits.

Deterministic: calibration runs onnxruntime with one thread (cached in --cache-dir); the same
arguments give the same bytes. See bench/w8a8/RESULTS.md for the measurements behind the defaults.

Usage (from the repo root; venv from scripts/requirements-w8a8.txt):
    /tmp/w8a8/venv/bin/python scripts/quantize_w8a8.py            # chosen model -> /tmp/w8a8/model_w8a8.onnx
    /tmp/w8a8/venv/bin/python scripts/quantize_w8a8.py --out /tmp/w8a8/v.onnx [--alpha A] [--fp32 ffn_out]
        [--weights s8|u8] [--act u8|s8] [--qform axis|div] [--smooth-mode mul|ln|none] [--smooth-o A]
        [--smooth-ffn-out A] [--fold-k] [--fold-v] [--fuse-qkv] [--absmax abs|minmax]
    /tmp/w8a8/venv/bin/python scripts/quantize_w8a8.py --method nbits --block 32 --out /tmp/w8a8/nbits.onnx
"""
import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

REPO = Path(__file__).resolve().parent.parent
MODEL_DIR = REPO / "public" / "models" / "Xenova" / "all-MiniLM-L6-v2"
SRC = MODEL_DIR / "onnx" / "model.onnx"
TOKENIZER = MODEL_DIR / "tokenizer.json"
MAX_LEN = 256
N_LAYERS = 6
PRODUCTS = {  # short name -> MatMul node name suffix under /bert/encoder/layer.L/
    "q": "attention/self/query/MatMul",
    "k": "attention/self/key/MatMul",
    "v": "attention/self/value/MatMul",
    "o": "attention/output/dense/MatMul",
    "ffn_in": "intermediate/dense/MatMul",
    "ffn_out": "output/dense/MatMul",
}
EPS = 1e-8  # guard for an all-zero row


# ---------------------------------------------------------------------------------------------
# Calibration text: generated here (job postings and resumes), never evaluation data.
# ---------------------------------------------------------------------------------------------
ROLES = ["software engineer", "data analyst", "product manager", "registered nurse", "accountant",
         "frontend developer", "backend developer", "machine learning engineer", "sales representative",
         "customer success manager", "UX designer", "warehouse associate", "electrician", "teacher",
         "marketing coordinator", "financial analyst", "DevOps engineer", "site reliability engineer",
         "HR generalist", "project manager", "mechanical engineer", "pharmacist", "truck driver",
         "chef de partie", "graphic designer", "legal assistant", "QA tester", "security analyst",
         "data engineer", "business analyst", "physiotherapist", "civil engineer", "barista",
         "content writer", "recruiter", "operations manager", "iOS developer", "Android developer",
         "cloud architect", "dental hygienist", "logistics planner", "social media manager"]
SENIORITY = ["Junior", "Senior", "Lead", "Staff", "Principal", "Associate", "Head of", "Intern",
             "Mid-level", "Entry-level", ""]
SKILLS = ["Python", "TypeScript", "React", "Node.js", "SQL", "PostgreSQL", "Kubernetes", "Docker", "AWS",
          "Azure", "GCP", "Terraform", "Java", "Spring Boot", "Go", "Rust", "C++", "Excel", "Tableau",
          "Power BI", "Salesforce", "SAP", "Figma", "Adobe Illustrator", "Photoshop", "scikit-learn",
          "PyTorch", "pandas", "Spark", "Airflow", "Kafka", "GraphQL", "REST APIs", "CI/CD", "Linux",
          "agile", "Scrum", "stakeholder management", "budgeting", "forecasting", "negotiation",
          "patient care", "CPR certification", "forklift licence", "HACCP", "GAAP", "IFRS", "SEO",
          "copywriting", "public speaking", "Jira", "Confluence", "git", "unit testing", "Selenium",
          "Playwright", "penetration testing", "SIEM", "ISO 27001", "AutoCAD", "SolidWorks", "MATLAB",
          "Swift", "Kotlin", "Vue", "Angular", "Django", "Flask", "FastAPI", "Redis", "MongoDB",
          "Elasticsearch", "Snowflake", "dbt", "Looker", "HubSpot", "Zendesk", "Workday"]
INDUSTRIES = ["fintech", "healthcare", "e-commerce", "logistics", "renewable energy", "public sector",
              "education", "insurance", "gaming", "automotive", "retail", "biotech", "media",
              "telecommunications", "hospitality", "construction", "cybersecurity", "agritech"]
COMPANIES = ["Northwind Labs", "Bluepeak Systems", "Harbor & Vale", "Quanta Freight", "Meridian Health",
             "Copperleaf Bank", "Orchid Learning", "Tidewater Energy", "Pinecrest Retail", "Vector Nine",
             "Lumen Analytics", "Stonebridge Legal", "Aurora Games", "Kestrel Robotics", "Greenfield Foods"]
CITIES = ["Berlin", "London", "Austin", "Toronto", "Amsterdam", "Lisbon", "Warsaw", "Dublin", "Madrid",
          "Stockholm", "Chicago", "Seattle", "Sydney", "Singapore", "Bangalore", "Paris", "Munich",
          "Zurich", "Denver", "Boston"]
WORK = ["remote", "hybrid (3 days in office)", "on-site", "fully remote within EU time zones",
        "remote-first", "on-site with flexible hours"]
BENEFITS = ["30 days of paid leave", "a learning budget of 1,500 EUR per year", "stock options",
            "private health insurance", "a 4-day work week in summer", "parental leave of 20 weeks",
            "a home-office allowance", "a company pension plan", "a yearly bonus of up to 15%",
            "free lunch on office days", "a public transport pass", "mental health support"]
VERBS = ["designed", "built", "led", "migrated", "optimised", "maintained", "launched", "automated",
         "reduced", "improved", "mentored", "coordinated", "negotiated", "analysed", "audited",
         "shipped", "refactored", "scaled", "introduced", "managed"]
OBJECTS = ["the payment service", "a data pipeline processing 2 TB per day", "the onboarding flow",
           "a team of 6 engineers", "the quarterly close process", "ward staffing rotas",
           "the customer support backlog", "an internal analytics dashboard", "the mobile checkout",
           "a fleet of 40 delivery vans", "the design system", "the hiring pipeline",
           "cloud costs", "the test automation suite", "supplier contracts worth 3M EUR",
           "the recommendation engine", "a legacy monolith", "the incident response runbook",
           "a kitchen brigade of 12", "the company's SEO strategy"]
OUTCOMES = ["cutting latency by 40%", "saving 120k EUR a year", "raising conversion by 8 percent",
            "reducing churn from 6% to 4%", "with zero downtime", "ahead of schedule",
            "improving NPS by 15 points", "halving the release cycle", "for 2 million users",
            "across three countries", "while keeping audit findings at zero"]
DEGREES = ["BSc in Computer Science", "MSc in Data Science", "BA in Economics", "Bachelor of Nursing",
           "MBA", "diploma in Electrical Engineering", "PhD in Physics", "BEng in Mechanical Engineering",
           "certificate in Digital Marketing", "ACCA qualification", "self-taught via open-source work"]
SCHOOLS = ["TU Munich", "University of Toronto", "University of Lisbon", "KTH", "a community college",
           "the Open University", "University of Texas", "Trinity College Dublin", "an online bootcamp"]


def _pick(r, xs, k):
    return r.sample(xs, k)


def _role(r):
    s = r.choice(SENIORITY)
    return (s + " " + r.choice(ROLES)).strip()


def _job_post(r, n_paragraphs):
    role = _role(r)
    comp, city = r.choice(COMPANIES), r.choice(CITIES)
    parts = [f"{role.title()} at {comp} ({city}, {r.choice(WORK)})."]
    parts.append(f"{comp} is a {r.choice(INDUSTRIES)} company with {r.randint(12, 4000)} employees. "
                 f"We are looking for a {role} to join our {r.choice(['platform', 'growth', 'data', 'care', 'finance', 'operations'])} team.")
    for _ in range(n_paragraphs):
        sk = _pick(r, SKILLS, r.randint(3, 7))
        y = r.randint(1, 10)
        parts.append(r.choice([
            f"You have {y}+ years of experience with {', '.join(sk[:-1])} and {sk[-1]}.",
            f"Requirements: {'; '.join(sk)}. Nice to have: {r.choice(SKILLS)}.",
            f"Responsibilities: you will own {r.choice(OBJECTS)}, work closely with {r.choice(ROLES)}s and report to the {r.choice(ROLES)}.",
            f"In your first 90 days you will have {r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(OUTCOMES)}.",
            f"We offer {', '.join(_pick(r, BENEFITS, 3))} and a salary of {r.randint(35, 140)}k-{r.randint(141, 190)}k EUR.",
            f"Our stack: {' / '.join(sk)}. We deploy {r.randint(2, 50)} times a day and value clear written communication.",
            f"The role requires {r.choice(['fluent English', 'German at B2 level', 'a driving licence', 'shift work including weekends', 'occasional travel (10%)', 'security clearance'])}.",
            f"Apply with your CV; we reply within {r.randint(3, 14)} days. The process has {r.randint(2, 5)} steps.",
        ]))
    return " ".join(parts)


def _resume(r, n_items):
    role = _role(r)
    y = r.randint(1, 25)
    sk = _pick(r, SKILLS, r.randint(4, 10))
    parts = [f"{role.title()} with {y} years of experience in {r.choice(INDUSTRIES)} and {r.choice(INDUSTRIES)}.",
             f"Skills: {', '.join(sk)}."]
    for _ in range(n_items):
        parts.append(r.choice([
            f"At {r.choice(COMPANIES)} ({r.randint(2005, 2025)}-{r.choice(['present', str(r.randint(2010, 2026))])}) I {r.choice(VERBS)} {r.choice(OBJECTS)}, {r.choice(OUTCOMES)}.",
            f"{r.choice(VERBS).capitalize()} {r.choice(OBJECTS)} using {r.choice(SKILLS)} and {r.choice(SKILLS)}, {r.choice(OUTCOMES)}.",
            f"Education: {r.choice(DEGREES)}, {r.choice(SCHOOLS)}, {r.randint(1998, 2024)}.",
            f"Looking for a {r.choice(WORK)} position as {_role(r)} in {r.choice(CITIES)} or remote.",
            f"Languages: English (fluent), {r.choice(['Spanish', 'German', 'French', 'Polish', 'Hindi', 'Portuguese', 'Mandarin'])} ({r.choice(['native', 'C1', 'B2', 'basic'])}).",
            f"Certifications: {r.choice(['AWS Solutions Architect', 'PMP', 'CISSP', 'CKA', 'Scrum Master', 'CPA', 'NCLEX-RN'])} ({r.randint(2015, 2025)}).",
            f"I enjoy {r.choice(['mentoring juniors', 'untangling legacy code', 'talking to customers', 'writing documentation', 'data visualisation', 'process improvement'])} and have {r.choice(VERBS)} {r.choice(OBJECTS)}.",
        ]))
    return " ".join(parts)


def _short(r):
    return r.choice([
        lambda: _role(r).title(),
        lambda: f"{_role(r)} - {r.choice(CITIES)} - {r.choice(WORK)}",
        lambda: f"{r.choice(SKILLS)}, {r.choice(SKILLS)}, {r.choice(SKILLS)}",
        lambda: f"Looking for a {r.choice(WORK)} {_role(r)} job in {r.choice(INDUSTRIES)}.",
        lambda: f"{r.choice(VERBS).capitalize()} {r.choice(OBJECTS)}.",
        lambda: f"{r.choice(DEGREES)} from {r.choice(SCHOOLS)}",
        lambda: f"We offer {r.choice(BENEFITS)}.",
        lambda: f"{r.randint(1, 15)} years {r.choice(SKILLS)} experience, open to relocation to {r.choice(CITIES)}",
    ])()


def calibration_texts(seed=20261201, n_short=160, n_medium=160, n_long=80):
    r = random.Random(seed)
    texts = [_short(r) for _ in range(n_short)]
    for i in range(n_medium):
        texts.append(_job_post(r, r.randint(1, 4)) if i % 2 else _resume(r, r.randint(1, 4)))
    for i in range(n_long):  # > 256 word pieces: exercises truncation and late positions
        texts.append(_job_post(r, r.randint(14, 22)) if i % 2 else _resume(r, r.randint(14, 22)))
    return texts


# ---------------------------------------------------------------------------------------------
# Calibration: per-channel max |X| of each product's input (fp32 model, onnxruntime, valid tokens).
# ---------------------------------------------------------------------------------------------
def product_nodes(model):
    by_name = {n.name: n for n in model.graph.node}
    out = {}
    for L in range(N_LAYERS):
        for p, suffix in PRODUCTS.items():
            n = by_name[f"/bert/encoder/layer.{L}/{suffix}"]
            assert n.op_type == "MatMul", n
            out[(L, p)] = n
    return out


def products_kept_fp32(spec):
    """--fp32 "ffn_out,3.q": a product name keeps it in fp32 in every layer, "L.name" in layer L only."""
    keep = set()
    for item in filter(None, (spec or "").split(",")):
        item = item.strip()
        if "." in item:
            L, p = item.split(".", 1)
            keep.add((int(L), p))
        else:
            keep.update((L, item) for L in range(N_LAYERS))
    for _, p in keep:
        assert p in PRODUCTS, f"unknown product {p}"
    return keep


def calibrate(src: Path, texts, cache_dir: Path):
    import onnxruntime as ort
    from tokenizers import Tokenizer

    h = hashlib.sha256()
    h.update(src.read_bytes())
    h.update(json.dumps(texts).encode())
    key = h.hexdigest()[:16]
    cache = cache_dir / f"calib_{key}.npz"
    if cache.exists():
        d = np.load(cache)
        return {k: d[k] for k in d.files}

    m = onnx.load(str(src))
    nodes = product_nodes(m)
    acts = sorted({n.input[0] for n in nodes.values()})
    have = {o.name for o in m.graph.output}
    for a in acts:
        if a not in have:
            m.graph.output.append(helper.make_tensor_value_info(a, TensorProto.FLOAT, None))
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1  # deterministic reductions
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(m.SerializeToString(), so, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(TOKENIZER))
    tok.enable_truncation(MAX_LEN)
    tok.no_padding()
    amax = {}
    n_tok = 0
    for t in texts:  # batch 1: every row is a real token
        e = tok.encode(t)
        ids = np.array([e.ids], np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        outs = sess.run(acts, feeds)
        n_tok += ids.shape[1]
        for a, x in zip(acts, outs):
            mx = np.abs(x.reshape(-1, x.shape[-1])).max(0)
            amax[a] = mx if a not in amax else np.maximum(amax[a], mx)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.savez(cache, **amax)
    print(f"calibration: {len(texts)} texts, {n_tok} tokens -> {cache}")
    return amax


# ---------------------------------------------------------------------------------------------
# Graph rewriting
# ---------------------------------------------------------------------------------------------
class Builder:
    def __init__(self, model):
        self.m = model
        self.g = model.graph
        self.inits = {i.name: i for i in self.g.initializer}
        self.new_inits = []
        self.drop = set()
        self.consts = {}

    def arr(self, name):
        return numpy_helper.to_array(self.inits[name])

    def add_init(self, name, a):
        assert name not in self.inits, name
        t = numpy_helper.from_array(a, name)
        self.inits[name] = t
        self.new_inits.append(t)
        return name

    def replace_init(self, name, a):
        t = numpy_helper.from_array(a.astype(numpy_helper.to_array(self.inits[name]).dtype), name)
        for i, x in enumerate(self.g.initializer):
            if x.name == name:
                self.g.initializer[i].CopyFrom(t)
        self.inits[name] = t

    def const(self, name, a):
        if name not in self.consts:
            self.consts[name] = self.add_init(name, a)
        return self.consts[name]


def weight_only_int8(b, g, names_matmul, gathers):
    """Same scheme as the shipped model_quantized.onnx (scripts/convert_model.py quantize_weight_only):
    symmetric int8 per output column -> DequantizeLinear(axis=1) -> fp32 MatMul; embedding tables
    int8 per hidden dim, Gather the int8 rows, DequantizeLinear(axis=-1) after the Gather."""
    pre, after = [], {}

    def q8(name):
        w = b.arr(name).astype(np.float32)
        s = np.abs(w).max(0) / 127.0
        s[s == 0] = 1.0
        q = np.clip(np.rint(w / s), -127, 127).astype(np.int8)
        b.drop.add(name)
        return [b.add_init(name + "_q8", q), b.add_init(name + "_scale", s.astype(np.float32)),
                b.add_init(name + "_zp", np.zeros(s.shape, np.int8))]

    for n in g.node:
        if n.name in names_matmul:
            w = n.input[1]
            pre.append(helper.make_node("DequantizeLinear", q8(w), [w + "_dq"], name=w + "_dq", axis=1))
            n.input[1] = w + "_dq"
        elif n.name in gathers:
            w, o = n.input[0], n.output[0]
            dq_in = q8(w)
            n.input[0] = dq_in[0]
            n.output[0] = o + "_q8"
            after[n.name] = [helper.make_node("DequantizeLinear", [o + "_q8", *dq_in[1:]], [o],
                                              name=n.name + "_dq", axis=-1)]
    return pre, after


def quantize_weight(w, weights):
    """w [K, N] fp32 -> (q, scale[N], zero_point) symmetric per output column."""
    s = np.abs(w).max(0) / 127.0
    s[s == 0] = 1.0
    q = np.clip(np.rint(w / s), -127, 127)
    if weights == "s8":
        return q.astype(np.int8), s.astype(np.float32), np.array(0, np.int8)
    return (q + 128).astype(np.uint8), s.astype(np.float32), np.array(128, np.uint8)


def toposort(nodes, available):
    """Topological order close to list order: a node's producers are emitted just before it."""
    producer = {o: n for n in nodes for o in n.output}
    done, out = set(), []
    avail = set(available) | {""}

    def visit(n, stack):
        if id(n) in done:
            return
        assert id(n) not in stack, f"cycle at {n.name}"
        stack.add(id(n))
        for x in n.input:
            if x not in avail and x in producer:
                visit(producer[x], stack)
        stack.discard(id(n))
        done.add(id(n))
        out.append(n)

    for n in nodes:
        visit(n, set())
    return out


def build_w8a8(src: Path, out: Path, args):
    m = onnx.load(str(src))
    b = Builder(m)
    g = m.graph
    nodes = product_nodes(m)
    fp32 = products_kept_fp32(args.fp32)

    smooth = args.smooth_mode != "none" or args.smooth_o is not None or args.smooth_ffn_out is not None
    amax = calibrate(src, calibration_texts(), Path(args.cache_dir)) if smooth else None

    # --- SmoothQuant factors per product group -------------------------------------------------
    # group: (L, kind) -> (products, activation name, s)
    s_of = {}  # (L, p) -> s vector (weights multiplied by s, activation divided by s)

    def smooth_factor(act, prods, L, alpha):
        x = amax[act].astype(np.float64)
        w = np.max([np.abs(b.arr(nodes[(L, p)].input[1])).max(1) for p in prods], axis=0).astype(np.float64)
        s = np.power(np.maximum(x, 1e-5), alpha) / np.power(np.maximum(w, 1e-5), 1 - alpha)
        return np.clip(s, 1e-4, 1e4).astype(np.float32)

    for L in range(N_LAYERS):
        if args.smooth_mode != "none":
            qkv = [p for p in ("q", "k", "v") if (L, p) not in fp32]
            if qkv:
                s = smooth_factor(nodes[(L, "q")].input[0], ["q", "k", "v"], L, args.alpha)
                for p in qkv:
                    s_of[(L, p)] = s
            if (L, "ffn_in") not in fp32:
                s_of[(L, "ffn_in")] = smooth_factor(nodes[(L, "ffn_in")].input[0], ["ffn_in"], L, args.alpha)
        if args.smooth_o is not None and (L, "o") not in fp32:
            s_of[(L, "o")] = smooth_factor(nodes[(L, "o")].input[0], ["o"], L, args.smooth_o)
        if args.smooth_ffn_out is not None and (L, "ffn_out") not in fp32:
            s_of[(L, "ffn_out")] = smooth_factor(nodes[(L, "ffn_out")].input[0], ["ffn_out"], L, args.smooth_ffn_out)

    # --- graph: rewrite -----------------------------------------------------------------------
    new_nodes = {}  # original MatMul name -> list of replacement nodes
    extra_after = {}  # node name -> nodes to insert after it (residual compensation for ln mode)
    rename_inputs = {}  # (consumer node name, input idx) -> new input name
    qcache = {}  # (activation, smoothing key) -> (q, row scale, nodes emitted flag)
    c_eps = b.const("w8a8_eps", np.array(EPS, np.float32))
    c_127 = b.const("w8a8_127", np.array(127.0, np.float32))
    c_one = b.const("w8a8_one", np.array(1.0, np.float32))
    c_s0 = b.const("w8a8_s0", np.array([0], np.int64))
    c_sm1 = b.const("w8a8_sm1", np.array([-1], np.int64))
    a_zp = b.const("w8a8_a_zp", np.array(128, np.uint8) if args.act == "u8" else np.array(0, np.int8))
    consumers = {}
    for n in g.node:
        for i, x in enumerate(n.input):
            consumers.setdefault(x, []).append((n, i))

    def absmax(xs, pre, emit, axis, keepdims):
        """Per-row max |x| (guarded): Abs + ReduceMax, or ReduceMax/ReduceMin of x (no full-size write)."""
        if args.absmax == "abs":
            emit(helper.make_node("Abs", [xs], [pre + "/abs"], name=pre + "/Abs"))
            emit(helper.make_node("ReduceMax", [pre + "/abs"], [pre + "/amax"], name=pre + "/ReduceMax",
                                  axes=[axis], keepdims=keepdims))
            emit(helper.make_node("Max", [pre + "/amax", c_eps], [pre + "/amax_g"], name=pre + "/guard"))
        else:
            emit(helper.make_node("ReduceMax", [xs], [pre + "/xmax"], name=pre + "/ReduceMax", axes=[axis],
                                  keepdims=keepdims))
            emit(helper.make_node("ReduceMin", [xs], [pre + "/xmin"], name=pre + "/ReduceMin", axes=[axis],
                                  keepdims=keepdims))
            emit(helper.make_node("Neg", [pre + "/xmin"], [pre + "/nxmin"], name=pre + "/Neg"))
            emit(helper.make_node("Max", [pre + "/xmax", pre + "/nxmin", c_eps], [pre + "/amax_g"], name=pre + "/guard"))
        emit(helper.make_node("Div", [pre + "/amax_g", c_127], [pre + "/row_scale"], name=pre + "/scale"))
        return pre + "/row_scale"

    def act_quant(x, key, inv_s, emit, tag, K):
        """Per-token quantiser of activation x (optionally times inv_s). Returns (q, row_scale, shape).

        qform 'div':  q = QuantizeLinear(x / row_scale, 1, 128); row_scale [B,S,1]
        qform 'axis': x viewed as [B*S, K]; q = QuantizeLinear(x2, row_scale[B*S], zp[B*S]=128, axis=0)
        """
        ck = (x, key)
        if ck in qcache:
            return qcache[ck]
        pre = f"{tag}/w8a8"
        xs = x
        if inv_s is not None:
            xs = pre + "/x_smooth"
            emit(helper.make_node("Mul", [x, b.add_init(pre + "/inv_s", inv_s)], [xs], name=pre + "/smooth"))
        if args.qform == "div":
            rs = absmax(xs, pre, emit, -1, 1)
            emit(helper.make_node("Div", [xs, rs], [pre + "/xq_f"], name=pre + "/div"))
            emit(helper.make_node("QuantizeLinear", [pre + "/xq_f", c_one, a_zp], [pre + "/xq"], name=pre + "/q"))
            qcache[ck] = (pre + "/xq", rs, None)
        else:
            emit(helper.make_node("Shape", [x], [pre + "/shape"], name=pre + "/Shape"))
            emit(helper.make_node("Slice", [pre + "/shape", c_s0, c_sm1], [pre + "/lead"], name=pre + "/lead"))
            c_2d = b.const(f"w8a8_2d_{K}", np.array([-1, K], np.int64))
            emit(helper.make_node("Reshape", [xs, c_2d], [pre + "/x2"], name=pre + "/to2d"))
            rs = absmax(pre + "/x2", pre, emit, 1, 0)
            emit(helper.make_node("Shape", [rs], [pre + "/m"], name=pre + "/m"))
            emit(helper.make_node("ConstantOfShape", [pre + "/m"], [pre + "/zp"], name=pre + "/zp",
                                  value=numpy_helper.from_array(np.array([128], np.uint8) if args.act == "u8"
                                                                else np.array([0], np.int8))))
            emit(helper.make_node("QuantizeLinear", [pre + "/x2", rs, pre + "/zp"], [pre + "/xq"], name=pre + "/q",
                                  axis=0))
            qcache[ck] = (pre + "/xq", rs, pre + "/lead")
        return qcache[ck]

    def int_matmul(qa, w, out_name, tag, emit, keep2d=False):
        """keep2d (axis form, FFN-in): bias Add and GELU run on the [B*S, N] view; the FFN-out quantiser
        takes it as is and its output is reshaped with the FFN-in input's leading dims."""
        q, row_scale, lead = qa
        wq, ws, wzp = quantize_weight(w, args.weights)
        if fold_kv and tag in ws_fold_in:  # Q: K's column scales folded in (scores = Q.K sums over columns)
            ws = (ws * ws_fold_in[tag]).astype(np.float32)
        no_col_scale = fold_kv and tag in ws_fold_out  # K: column scales moved to Q
        wq_n = b.add_init(tag + "/w8a8/Wq", wq)
        ws_n = b.add_init(tag + "/w8a8/w_scale", ws)
        wzp_n = b.const(f"w8a8_w_zp_{args.weights}", wzp)
        emit(helper.make_node("MatMulInteger", [q, wq_n, a_zp, wzp_n], [tag + "/w8a8/acc"], name=tag + "/w8a8/MatMulInteger"))
        if lead is None:
            emit(helper.make_node("Cast", [tag + "/w8a8/acc"], [tag + "/w8a8/acc_f"], name=tag + "/w8a8/Cast", to=TensorProto.FLOAT))
            emit(helper.make_node("Mul", [tag + "/w8a8/acc_f", row_scale], [tag + "/w8a8/y_row"], name=tag + "/w8a8/mul_row"))
            emit(helper.make_node("Mul", [tag + "/w8a8/y_row", ws_n], [out_name], name=tag + "/w8a8/mul_col"))
        else:
            n = wq.shape[1]
            emit(helper.make_node("DequantizeLinear", [tag + "/w8a8/acc", row_scale], [tag + "/w8a8/y_row"],
                                  name=tag + "/w8a8/dq_row", axis=0))
            if no_col_scale:
                ws_fold_out[tag][:] = ws
                emit(helper.make_node("Identity", [tag + "/w8a8/y_row"], [tag + "/w8a8/y2"], name=tag + "/w8a8/no_col"))
            else:
                emit(helper.make_node("Mul", [tag + "/w8a8/y_row", ws_n], [tag + "/w8a8/y2"], name=tag + "/w8a8/mul_col"))
            emit(helper.make_node("Concat", [lead, b.const(f"w8a8_n{n}", np.array([n], np.int64))],
                                  [tag + "/w8a8/shape3"], name=tag + "/w8a8/shape3", axis=0))
            # the export's bias Add runs on the 2-D view (known width: lets ORT fuse Add+Gelu into BiasGelu),
            # then one Reshape back to [B, S, N]
            adds = [c for c, _ in consumers.get(out_name, []) if c.op_type == "Add"
                    and any(i in b.inits and len(b.inits[i].dims) == 1 for i in c.input)]
            if keep2d:
                emit(helper.make_node("Identity", [tag + "/w8a8/y2"], [out_name], name=tag + "/w8a8/keep2d"))
            elif len(consumers.get(out_name, [])) == 1 and len(adds) == 1 and adds[0].name in drop_adds:
                new_nodes[adds[0].name] = []  # bias folded elsewhere (fold_kv): no Add
                emit(helper.make_node("Reshape", [tag + "/w8a8/y2", tag + "/w8a8/shape3"], [adds[0].output[0]],
                                      name=tag + "/w8a8/to3d"))
            elif len(consumers.get(out_name, [])) == 1 and len(adds) == 1:
                add = adds[0]
                add.input[list(add.input).index(out_name)] = tag + "/w8a8/y2"
                final = add.output[0]
                add.output[0] = final + "/2d"
                emit(helper.make_node("Reshape", [final + "/2d", tag + "/w8a8/shape3"], [final], name=tag + "/w8a8/to3d"))
            else:
                emit(helper.make_node("Reshape", [tag + "/w8a8/y2", tag + "/w8a8/shape3"], [out_name],
                                      name=tag + "/w8a8/to3d"))

    # ln-mode smoothing: divide LayerNorm gamma/beta by s, compensate every non-quantised consumer
    ln_smoothed = {}  # activation name -> s
    if args.smooth_mode == "ln":
        by_out = {o: n for n in g.node for o in n.output}
        for L in range(N_LAYERS):
            for p in ("q", "ffn_in"):
                if (L, p) in s_of:
                    x = nodes[(L, p)].input[0]
                    ln = by_out[x]
                    assert ln.op_type == "LayerNormalization", ln.op_type
                    s = s_of[(L, p)]
                    b.replace_init(ln.input[1], b.arr(ln.input[1]) / s)
                    b.replace_init(ln.input[2], b.arr(ln.input[2]) / s)
                    ln_smoothed[x] = s
                    # other consumers (residual Add, fp32 products) need x = LN' * s
                    comp = x + "/w8a8_unsmooth"
                    quantised = {nodes[(L, pp)].name for pp in (("q", "k", "v") if p == "q" else ("ffn_in",))
                                 if (L, pp) in s_of}
                    users = [(n, i) for n, i in consumers.get(x, []) if n.name not in quantised]
                    if users:
                        extra_after[ln.name] = [helper.make_node("Mul", [x, b.add_init(x + "/w8a8_s", s)], [comp],
                                                                 name=ln.name + "/w8a8_unsmooth")]
                        for n, i in users:
                            rename_inputs[(n.name, i)] = comp

    # fold_kv (exact rewrites that remove elementwise ops):
    #  K bias: adds Q.bk to every score of a query row, a constant under the row's Softmax -> dropped;
    #  K column scales: scores sum Q_d K_d over columns d -> moved into Q's column scales and bias;
    #  V bias: Softmax rows sum to 1, so context = P.V0 + bv -> bv @ Wo moved into the output bias.
    fold_kv = bool(args.fold_k or args.fold_v)
    drop_adds, ws_fold_in, ws_fold_out = set(), {}, {}
    if fold_kv:
        assert args.qform == "axis" and not args.fuse_qkv, "--fold-k/-v need --qform axis without --fuse-qkv"

        def bias_add(node):
            a = [c for c, _ in consumers[node.output[0]] if c.op_type == "Add"][0]
            return a, [i for i in a.input if i in b.inits][0]

        for L in range(N_LAYERS):
            if args.fold_k and all((L, p) not in fp32 for p in ("q", "k")):
                add_k, bk = bias_add(nodes[(L, "k")])
                drop_adds.add(add_k.name)
                b.replace_init(bk, np.zeros_like(b.arr(bk)))
                tag_k = f"/bert/encoder/layer.{L}/attention/self/key"
                tag_q = f"/bert/encoder/layer.{L}/attention/self/query"
                ws_fold_out[tag_k] = np.zeros(384, np.float32)  # filled when K is quantised (before Q)
                ws_fold_in[tag_q] = ws_fold_out[tag_k]
            if args.fold_v and (L, "v") not in fp32:
                add_v, bv = bias_add(nodes[(L, "v")])
                add_o, bo = bias_add(nodes[(L, "o")])
                wo = b.arr(nodes[(L, "o")].input[1]).astype(np.float64)
                b.replace_init(bo, (b.arr(bo).astype(np.float64) + b.arr(bv).astype(np.float64) @ wo).astype(np.float32))
                b.replace_init(bv, np.zeros_like(b.arr(bv)))
                drop_adds.add(add_v.name)

    # V-fold for attention-output smoothing (exact: context channels are V's output columns)
    for L in range(N_LAYERS):
        if (L, "o") in s_of:
            s = s_of[(L, "o")]
            vn = nodes[(L, "v")]
            b.replace_init(vn.input[1], b.arr(vn.input[1]) / s[None, :])
            bias_add = [n for n, _ in consumers[vn.output[0]] if n.op_type == "Add"][0]
            bias = [i for i in bias_add.input if i in b.inits][0]
            b.replace_init(bias, b.arr(bias) / s)

    qkv_done = set()
    for (L, p), n in sorted(nodes.items()):
        if (L, p) in fp32:
            continue
        emitted = []
        emit = emitted.append
        x = n.input[0]
        s = s_of.get((L, p))
        w = b.arr(n.input[1]).astype(np.float32)
        if s is not None:
            w = w * s[:, None]
        inv_s = None
        if s is not None and p not in ("o",) and x not in ln_smoothed:
            inv_s = (1.0 / s).astype(np.float32)
        key = "s_qkv" if p in ("q", "k", "v") else p
        tag = f"/bert/encoder/layer.{L}/{'attention/self/qkv' if key == 's_qkv' else PRODUCTS[p].rsplit('/', 1)[0]}"
        qa = act_quant(x, (key, L), inv_s, emit, tag, w.shape[0])
        if args.fuse_qkv and p in ("q", "k", "v"):
            group = [pp for pp in ("q", "k", "v") if (L, pp) not in fp32]
            if (L, "qkv") in qkv_done:
                new_nodes[n.name] = emitted
                continue
            qkv_done.add((L, "qkv"))
            ws = [b.arr(nodes[(L, pp)].input[1]).astype(np.float32) * (s_of[(L, pp)][:, None] if (L, pp) in s_of else 1)
                  for pp in group]
            cat = tag + "/w8a8/qkv_out"
            int_matmul(qa, np.concatenate(ws, axis=1), cat, tag, emit)
            split = b.const(f"w8a8_split_{len(group)}", np.array([384] * len(group), np.int64))
            emit(helper.make_node("Split", [cat, split], [nodes[(L, pp)].output[0] for pp in group],
                                  name=tag + "/w8a8/Split", axis=-1))
            for pp in group:
                b.drop.add(nodes[(L, pp)].input[1])
            new_nodes[n.name] = emitted
            continue
        keep2d = args.qform == "axis" and p == "ffn_in" and (L, "ffn_out") not in fp32
        if args.qform == "axis" and p == "ffn_out" and (L, "ffn_in") not in fp32:
            ffn_in_q = qcache[(nodes[(L, "ffn_in")].input[0], ("ffn_in", L))]
            qa = (qa[0], qa[1], ffn_in_q[2])  # leading dims [B, S] of the 3-D FFN-in input
        tag_p = f"/bert/encoder/layer.{L}/{PRODUCTS[p].rsplit('/', 1)[0]}"
        if fold_kv and tag_p in ws_fold_in:
            assert ws_fold_in[tag_p].any(), "K must be quantised before Q"
            _, bq = [(c, i) for c, _ in consumers[n.output[0]] if c.op_type == "Add" for i in c.input if i in b.inits][0]
            b.replace_init(bq, b.arr(bq) * ws_fold_in[tag_p])
        int_matmul(qa, w, n.output[0], tag_p, emit, keep2d)
        b.drop.add(n.input[1])
        new_nodes[n.name] = emitted

    # weight-only int8 for the embedding tables and for the products left in fp32 arithmetic
    wo_mm = {nodes[k].name for k in fp32} if args.fp32_weights == "int8" else set()
    gathers = ({n.name for n in g.node if n.op_type == "Gather" and n.input[0] in b.inits
                and len(b.inits[n.input[0]].dims) == 2 and b.inits[n.input[0]].data_type == TensorProto.FLOAT}
               if args.embeddings == "int8" else set())
    pre, after = weight_only_int8(b, g, wo_mm, gathers)
    for k, v in after.items():
        extra_after[k] = extra_after.get(k, []) + v

    out_nodes = list(pre)
    for n in g.node:
        for i, x in enumerate(n.input):
            if (n.name, i) in rename_inputs:
                n.input[i] = rename_inputs[(n.name, i)]
        if n.name in new_nodes:
            out_nodes.extend(new_nodes[n.name])
        else:
            out_nodes.append(n)
        out_nodes.extend(extra_after.get(n.name, []))
    del g.node[:]
    g.node.extend(toposort(out_nodes, {i.name for i in g.input} | set(b.inits)))
    keep = [i for i in g.initializer if i.name not in b.drop]
    used = {x for n in g.node for x in n.input}
    keep = [i for i in keep if i.name in used]
    del g.initializer[:]
    g.initializer.extend(keep)
    g.initializer.extend([t for t in b.new_inits if t.name in used])
    m.producer_name = "careerpilot scripts/quantize_w8a8.py"
    m.doc_string = "W8A8 " + json.dumps(describe(args), sort_keys=True)
    onnx.checker.check_model(m)
    out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(m, str(out))


def build_nbits(src: Path, out: Path, args):
    """MatMulNBits (com.microsoft), 8 bit symmetric, block-wise along K; accuracy_level 4 makes
    onnxruntime quantise A block-wise to int8 at run time and compute in int8. Weights packed with
    onnxruntime's own quantize_matmul_8bits (what MatMulNBitsQuantizer calls; that class needs onnx_ir)."""
    from onnxruntime.capi._pybind_state import quantize_matmul_8bits

    m = onnx.load(str(src))
    b = Builder(m)
    g = m.graph
    nodes = product_nodes(m)
    fp32 = products_kept_fp32(args.fp32)
    repl = {}
    for k, n in nodes.items():
        if k in fp32:
            continue
        w = b.arr(n.input[1]).astype(np.float32)
        K, N = w.shape
        bs = args.block
        kb = (K + bs - 1) // bs
        if kb * bs > K:
            w = np.pad(w, ((0, kb * bs - K), (0, 0)))
        packed = np.zeros((N, kb, bs), np.uint8)
        zp = np.zeros((N, kb), np.uint8)
        sc = np.zeros((N, kb), np.float32)
        quantize_matmul_8bits(packed, np.ascontiguousarray(w), sc, zp, bs, N, kb * bs, True)
        attrs = dict(K=K, N=N, bits=8, block_size=bs)
        if args.accuracy_level:
            attrs["accuracy_level"] = args.accuracy_level
        repl[n.name] = helper.make_node(
            "MatMulNBits", [n.input[0], b.add_init(n.input[1] + "_Q8", packed), b.add_init(n.input[1] + "_scales", sc)],
            [n.output[0]], name=n.name + "_Q8", domain="com.microsoft", **attrs)
        b.drop.add(n.input[1])
    wo_mm = {nodes[k].name for k in fp32} if args.fp32_weights == "int8" else set()
    gathers = ({n.name for n in g.node if n.op_type == "Gather" and n.input[0] in b.inits
                and len(b.inits[n.input[0]].dims) == 2 and b.inits[n.input[0]].data_type == TensorProto.FLOAT}
               if args.embeddings == "int8" else set())
    pre, after = weight_only_int8(b, g, wo_mm, gathers)
    nn = list(pre)
    for n in g.node:
        nn.append(repl.get(n.name, n))
        nn.extend(after.get(n.name, []))
    del g.node[:]
    g.node.extend(nn)
    keep = [i for i in g.initializer if i.name not in b.drop] + b.new_inits
    del g.initializer[:]
    g.initializer.extend(keep)
    if not any(o.domain == "com.microsoft" for o in m.opset_import):
        m.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    m.producer_name = "careerpilot scripts/quantize_w8a8.py"
    m.doc_string = "MatMulNBits " + json.dumps(describe(args), sort_keys=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(m, str(out))


def describe(args):
    if args.method == "nbits":
        return {"method": "nbits", "bits": 8, "block": args.block, "accuracy_level": args.accuracy_level,
                "fp32": args.fp32 or "", "embeddings": args.embeddings, "fp32_weights": args.fp32_weights}
    return {"method": "w8a8", "alpha": args.alpha, "fp32": args.fp32 or "", "weights": args.weights,
            "act": args.act, "fuse_qkv": bool(args.fuse_qkv), "smooth_mode": args.smooth_mode,
            "smooth_o": args.smooth_o, "smooth_ffn_out": args.smooth_ffn_out, "embeddings": args.embeddings,
            "fp32_weights": args.fp32_weights, "qform": args.qform, "absmax": args.absmax,
            "fold_k": bool(args.fold_k), "fold_v": bool(args.fold_v)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default=str(SRC))
    ap.add_argument("--out", default="/tmp/w8a8/model_w8a8.onnx")
    ap.add_argument("--method", choices=["w8a8", "nbits"], default="w8a8")
    ap.add_argument("--alpha", type=float, default=0.8, help="SmoothQuant alpha for the LayerNorm-fed products")
    ap.add_argument("--smooth-mode", choices=["mul", "ln", "none"], default="mul")
    ap.add_argument("--smooth-o", type=float, default=None, help="alpha for the attention-output product (V fold)")
    ap.add_argument("--smooth-ffn-out", type=float, default=None, help="alpha for the FFN-out product (Mul)")
    ap.add_argument("--fp32", default="", help="products left fp32: q,k,v,o,ffn_in,ffn_out or L.name")
    ap.add_argument("--weights", choices=["s8", "u8"], default="s8")
    ap.add_argument("--act", choices=["u8", "s8"], default="u8")
    ap.add_argument("--qform", choices=["div", "axis"], default="axis",
                    help="activation quantiser: Div + QuantizeLinear(1,128) on [B,S,K], or per-axis "
                         "QuantizeLinear/DequantizeLinear on the [B*S,K] view (no Div, no Cast)")
    ap.add_argument("--absmax", choices=["abs", "minmax"], default="abs",
                    help="row max|x| as ReduceMax(Abs(x)) or max(ReduceMax(x), -ReduceMin(x))")
    ap.add_argument("--fold-k", action="store_true",
                    help="exact rewrite (axis form): drop K's bias (Softmax-invariant), move K's column scales into Q")
    ap.add_argument("--fold-v", action="store_true",
                    help="rewrite (axis form): V's bias into the attention-output bias (exact in fp32; changes the "
                         "attention-output quantiser's input)")
    ap.add_argument("--fuse-qkv", action="store_true", help="one MatMulInteger for Q,K,V + Split")
    ap.add_argument("--block", type=int, default=32, help="nbits: block size")
    ap.add_argument("--accuracy-level", type=int, default=4, help="nbits: 4 = int8 compute")
    ap.add_argument("--embeddings", choices=["int8", "fp32"], default="int8",
                    help="embedding tables: int8 + DequantizeLinear after the Gather (as the shipped model) or fp32")
    ap.add_argument("--fp32-weights", choices=["int8", "fp32"], default="int8",
                    help="products left in fp32 arithmetic: int8 weight-only (DequantizeLinear) or fp32 weights")
    ap.add_argument("--cache-dir", default="/tmp/w8a8/cache")
    args = ap.parse_args(argv)
    src, out = Path(args.src).resolve(), Path(args.out).resolve()
    if out == src or MODEL_DIR.resolve() in out.parents:
        sys.exit("refusing to write into the shipped model folder")
    if args.method == "nbits":
        build_nbits(src, out, args)
    else:
        build_w8a8(src, out, args)
    h = hashlib.sha256(out.read_bytes()).hexdigest()
    print(f"wrote {out}  {out.stat().st_size} bytes  sha256 {h}  {json.dumps(describe(args), sort_keys=True)}")


if __name__ == "__main__":
    main()
