/**
 * Abbreviations and synonyms as real postings and resumes write them, and the normaliser that maps text on
 * both sides (a requirement, a profile, a job) to the same canonical terms: "RN", "R.N." and "Registered
 * Nurse" all become `registered nurse`; "K8s" becomes `Kubernetes`. Words that are not in the table come out
 * folded (lower case, no accents) and singular, so "Databases" and "database" compare equal too.
 */

export type Field =
  | 'healthcare'
  | 'software'
  | 'data'
  | 'finance'
  | 'sales-marketing'
  | 'design'
  | 'trades'
  | 'logistics'
  | 'education'
  | 'general';

export interface SynonymGroup {
  /** The canonical term, as shown to a person. Its own spelling always maps to it. */
  term: string;
  field: Field;
  /** Other ways postings and resumes write it (abbreviations, long forms, spellings). */
  aliases?: readonly string[];
  /**
   * Broader terms a mention of this one also satisfies ("Epic" is an EHR, a CDL-A is a CDL), never the
   * reverse: a posting that asks for Epic is not satisfied by "EHR".
   */
  countsAs?: readonly string[];
}

const g = (field: Field, term: string, aliases: readonly string[] = [], countsAs?: readonly string[]): SynonymGroup =>
  countsAs ? { term, field, aliases, countsAs } : { term, field, aliases };

const HEALTHCARE: SynonymGroup[] = [
  g('healthcare', 'nursing', ['nurse']),
  g('healthcare', 'registered nurse', ['RN', 'R.N.', 'registered professional nurse'], ['nursing']),
  g('healthcare', 'LPN', ['licensed practical nurse', 'LVN', 'licensed vocational nurse'], ['nursing']),
  g('healthcare', 'CNA', [
    'certified nursing assistant',
    'certified nurse assistant',
    'certified nurse aide',
    'STNA',
    'state tested nursing assistant',
  ]),
  g('healthcare', 'nurse practitioner', ['NP', 'FNP', 'family nurse practitioner', 'APRN'], ['registered nurse']),
  g('healthcare', 'BSN', ['bachelor of science in nursing', 'bachelor of nursing'], ["bachelor's degree", 'nursing']),
  g('healthcare', 'ADN', ['associate degree in nursing', 'ASN'], ['associate degree', 'nursing']),
  g('healthcare', 'BLS', ['basic life support'], ['CPR']),
  g('healthcare', 'CPR', ['cardiopulmonary resuscitation']),
  g('healthcare', 'ACLS', ['advanced cardiac life support', 'advanced cardiovascular life support']),
  g('healthcare', 'PALS', ['pediatric advanced life support', 'paediatric advanced life support']),
  g('healthcare', 'NRP', ['neonatal resuscitation program']),
  g('healthcare', 'American Heart Association', ['AHA']),
  g('healthcare', 'TNCC', ['trauma nursing core course']),
  g('healthcare', 'EHR', [
    'EMR',
    'electronic health record',
    'electronic medical record',
    'electronic health records system',
    'electronic medical records system',
  ]),
  g('healthcare', 'Epic', ['Epic Systems', 'EpicCare'], ['EHR']),
  g('healthcare', 'Cerner', ['Oracle Health', 'Cerner Millennium', 'PowerChart'], ['EHR']),
  g('healthcare', 'Meditech', [], ['EHR']),
  g('healthcare', 'athenahealth', ['athenaOne'], ['EHR']),
  g('healthcare', 'HIPAA'),
  g('healthcare', 'ICU', ['intensive care unit', 'intensive care']),
  g('healthcare', 'emergency department', ['ER', 'emergency room']),
  g('healthcare', 'step-down unit', ['step down', 'stepdown', 'progressive care', 'PCU']),
  g('healthcare', 'med-surg', ['med surg', 'medsurg', 'medical surgical', 'med/surg']),
  g('healthcare', 'labor and delivery', ['labour and delivery', 'L&D']),
  g('healthcare', 'phlebotomy', ['phlebotomist']),
  g('healthcare', 'medical assistant', ['certified medical assistant', 'CMA', 'RMA']),
  g('healthcare', 'home health aide', ['HHA']),
  g('healthcare', 'pharmacy technician', ['pharmacy tech', 'CPhT']),
];

const SOFTWARE: SynonymGroup[] = [
  g('software', 'JavaScript', ['JS', 'ECMAScript', 'ES6']),
  g('software', 'TypeScript', ['TS'], ['JavaScript']),
  g('software', 'Node.js', ['Node', 'NodeJS'], ['JavaScript']),
  g('software', 'React', ['React.js', 'ReactJS'], ['JavaScript']),
  g('software', 'React Native', [], ['React']),
  g('software', 'Vue', ['Vue.js', 'VueJS'], ['JavaScript']),
  g('software', 'Angular', ['AngularJS', 'Angular.js'], ['JavaScript']),
  g('software', 'Next.js', ['NextJS'], ['React']),
  g('software', 'Express.js', ['ExpressJS'], ['Node.js']),
  g('software', 'HTML', ['HTML5']),
  g('software', 'CSS', ['CSS3']),
  g('software', 'Python', ['Python3', 'Python 3']),
  g('software', 'Java'),
  g('software', 'C++', ['CPP']),
  g('software', 'C#', ['CSharp', 'C sharp']),
  g('software', '.NET', ['dotnet', '.NET Core', '.NET Framework']),
  g('software', 'ASP.NET', ['ASP.NET Core'], ['.NET']),
  // "Go" itself is an English verb: the tokenizer maps only the capitalised word "Go" here.
  g('software', 'Golang'),
  g('software', 'Ruby'),
  g('software', 'Ruby on Rails', ['Rails', 'RoR'], ['Ruby']),
  g('software', 'PHP'),
  g('software', 'Kotlin'),
  g('software', 'Scala'),
  g('software', 'Django', [], ['Python']),
  g('software', 'Flask', [], ['Python']),
  g('software', 'FastAPI', [], ['Python']),
  g('software', 'Spring Boot', ['Spring Framework'], ['Java']),
  g('software', 'REST API', ['REST', 'RESTful', 'RESTful API']),
  g('software', 'GraphQL'),
  g('software', 'API', ['application programming interface']),
  g('software', 'Kubernetes', ['K8s', 'K8']),
  g('software', 'Docker'),
  g('software', 'Terraform'),
  g('software', 'Ansible'),
  g('software', 'Jenkins'),
  g('software', 'Git'),
  g('software', 'GitHub', [], ['Git']),
  g('software', 'GitLab', [], ['Git']),
  g('software', 'CI/CD', [
    'CI',
    'CICD',
    'continuous integration',
    'continuous delivery',
    'continuous deployment',
    'continuous integration and continuous delivery',
    'continuous integration and delivery',
  ]),
  g('software', 'DevOps', ['dev ops']),
  g('software', 'SRE', ['site reliability engineering', 'site reliability']),
  g('software', 'Linux'),
  g('software', 'AWS', ['Amazon Web Services'], ['cloud computing']),
  g('software', 'Google Cloud', ['GCP', 'Google Cloud Platform'], ['cloud computing']),
  g('software', 'Azure', ['Microsoft Azure'], ['cloud computing']),
  g('software', 'cloud computing', ['cloud', 'cloud platform', 'cloud services', 'cloud infrastructure']),
  g('software', 'microservices', ['microservice architecture', 'micro services']),
  g('software', 'OOP', ['object oriented programming', 'object oriented', 'object oriented design', 'OOD']),
  g('software', 'Agile', ['agile methodology', 'agile methodologies']),
  g('software', 'Scrum', [], ['Agile']),
  g('software', 'Scrum Master', ['certified ScrumMaster', 'ScrumMaster', 'CSM'], ['Scrum']),
  g('software', 'QA', ['quality assurance']),
  g('software', 'SaaS', ['software as a service']),
  g('software', 'iOS'),
  g('software', 'Android'),
  g('software', 'full stack', ['fullstack']),
  g('software', 'front end', ['frontend']),
  g('software', 'back end', ['backend']),
  g('software', 'Jira'),
];

const DATA: SynonymGroup[] = [
  g('data', 'SQL', ['structured query language']),
  g('data', 'PostgreSQL', ['Postgres', 'psql'], ['SQL']),
  g('data', 'MySQL', [], ['SQL']),
  g('data', 'SQL Server', ['MSSQL', 'MS SQL', 'Microsoft SQL Server', 'T-SQL'], ['SQL']),
  g('data', 'Oracle Database', ['Oracle DB', 'PL/SQL'], ['SQL']),
  g('data', 'NoSQL'),
  g('data', 'MongoDB', ['Mongo'], ['NoSQL']),
  g('data', 'Redis'),
  g('data', 'machine learning', ['ML']),
  g('data', 'deep learning', ['neural network'], ['machine learning']),
  g('data', 'PyTorch', [], ['deep learning']),
  g('data', 'TensorFlow', [], ['deep learning']),
  g('data', 'scikit-learn', ['sklearn'], ['machine learning']),
  g('data', 'NLP', ['natural language processing'], ['machine learning']),
  g('data', 'AI', ['artificial intelligence']),
  g('data', 'LLM', ['large language model'], ['NLP']),
  g('data', 'computer vision'),
  g('data', 'ETL', ['ELT', 'extract transform load']),
  g('data', 'BI', ['business intelligence']),
  g('data', 'Tableau', [], ['BI']),
  g('data', 'Power BI', ['PowerBI'], ['BI']),
  g('data', 'Looker', [], ['BI']),
  g('data', 'Apache Spark', ['Spark', 'PySpark']),
  g('data', 'Hadoop'),
  g('data', 'Kafka', ['Apache Kafka']),
  g('data', 'Airflow', ['Apache Airflow']),
  g('data', 'Snowflake'),
  g('data', 'Databricks'),
  g('data', 'Excel', ['Microsoft Excel', 'MS Excel']),
  g('data', 'Microsoft Office', ['MS Office', 'Office 365', 'Microsoft 365', 'M365', 'Microsoft Office Suite']),
  g('data', 'PowerPoint', ['MS PowerPoint', 'Microsoft PowerPoint']),
  g('data', 'Microsoft Word', ['MS Word']),
  g('data', 'A/B testing', ['AB testing', 'split testing']),
];

const FINANCE: SynonymGroup[] = [
  g('finance', 'GAAP', ['US GAAP', 'generally accepted accounting principles']),
  g('finance', 'IFRS', ['international financial reporting standards']),
  g('finance', 'CPA', ['certified public accountant']),
  g('finance', 'CFA', ['chartered financial analyst']),
  g('finance', 'accounts payable', ['AP', 'payables']),
  g('finance', 'accounts receivable', ['AR', 'receivables']),
  g('finance', 'ERP', ['enterprise resource planning']),
  g('finance', 'SAP', [], ['ERP']),
  g('finance', 'NetSuite', ['Oracle NetSuite'], ['ERP']),
  g('finance', 'Microsoft Dynamics', ['Dynamics 365'], ['ERP']),
  g('finance', 'QuickBooks', ['QBO', 'QuickBooks Online']),
  g('finance', 'FP&A', ['financial planning and analysis']),
  g('finance', 'month-end close', ['month end closing']),
  g('finance', 'KYC', ['know your customer']),
  g('finance', 'AML', ['anti money laundering']),
  g('finance', 'bookkeeping', ['bookkeeper']),
];

const SALES_MARKETING: SynonymGroup[] = [
  g('sales-marketing', 'CRM', ['customer relationship management']),
  g('sales-marketing', 'Salesforce', ['SFDC', 'Salesforce.com'], ['CRM']),
  g('sales-marketing', 'HubSpot', [], ['CRM']),
  g('sales-marketing', 'Zoho CRM', ['Zoho'], ['CRM']),
  g('sales-marketing', 'SEO', ['search engine optimization', 'search engine optimisation']),
  g('sales-marketing', 'SEM', ['PPC', 'paid search', 'pay per click', 'search engine marketing']),
  g('sales-marketing', 'Google Ads', ['AdWords', 'Google AdWords'], ['SEM']),
  g('sales-marketing', 'Google Analytics', ['GA4', 'Google Analytics 4', 'Universal Analytics']),
  g('sales-marketing', 'B2B', ['business to business']),
  g('sales-marketing', 'B2C', ['business to consumer']),
  g('sales-marketing', 'social media', ['social media marketing', 'SMM']),
  g('sales-marketing', 'email marketing'),
  g('sales-marketing', 'KPI', ['key performance indicator']),
  g('sales-marketing', 'ROI', ['return on investment']),
  g('sales-marketing', 'customer service', ['customer support', 'client service']),
];

const DESIGN: SynonymGroup[] = [
  g('design', 'UX', ['user experience', 'UX design', 'user experience design']),
  g('design', 'UI', ['user interface', 'UI design', 'user interface design']),
  g('design', 'WCAG', ['accessibility', 'web accessibility', 'a11y', 'Section 508']),
  g('design', 'Figma'),
  g('design', 'Adobe Creative Suite', ['Adobe Creative Cloud', 'Creative Cloud', 'Adobe CC']),
  g('design', 'Photoshop', ['Adobe Photoshop'], ['Adobe Creative Suite']),
  g('design', 'Illustrator', ['Adobe Illustrator'], ['Adobe Creative Suite']),
  g('design', 'InDesign', ['Adobe InDesign'], ['Adobe Creative Suite']),
  g('design', 'CAD', ['computer aided design', 'computer aided drafting']),
  g('design', 'AutoCAD', [], ['CAD']),
  g('design', 'SolidWorks', [], ['CAD']),
  g('design', 'BIM', ['building information modeling', 'building information modelling']),
  g('design', 'Revit', [], ['CAD', 'BIM']),
];

const TRADES: SynonymGroup[] = [
  g('trades', 'OSHA', ['Occupational Safety and Health Administration', 'OSHA 10/30']),
  g('trades', 'OSHA 10', ['OSHA10', 'OSHA 10 hour', '10 hour OSHA'], ['OSHA']),
  g('trades', 'OSHA 30', ['OSHA30', 'OSHA 30 hour', '30 hour OSHA'], ['OSHA 10']),
  g('trades', 'EPA 608', ['EPA Section 608', 'Section 608', '608 certification', 'EPA 608 Universal', 'EPA Universal']),
  g('trades', 'NEC', ['National Electrical Code']),
  g('trades', 'journeyman', ['journeymen', 'journeyperson', 'journey level', 'journeyman license', 'journeyman card']),
  g('trades', 'electrician'),
  g('trades', 'journeyman electrician', [], ['journeyman', 'electrician']),
  g('trades', 'master electrician', [], ['journeyman electrician']),
  g('trades', 'HVAC', ['HVAC/R', 'HVACR', 'heating ventilation and air conditioning', 'heating and air conditioning']),
  g('trades', 'PLC', ['programmable logic controller']),
  g('trades', 'lockout/tagout', ['LOTO', 'lock out tag out', 'lockout tagout']),
  g('trades', 'welding', ['welder']),
  g('trades', 'MIG welding', ['MIG', 'GMAW'], ['welding']),
  g('trades', 'TIG welding', ['TIG', 'GTAW'], ['welding']),
];

const LOGISTICS: SynonymGroup[] = [
  g('logistics', "driver's license", ['driver license', "driver's licence", 'driving license', 'driving licence']),
  g(
    'logistics',
    'CDL',
    ["commercial driver's license", "commercial driver's licence", 'commercial driving license'],
    ["driver's license"],
  ),
  g('logistics', 'CDL-A', ['CDL Class A', 'Class A CDL', 'Class A', 'Class A license'], ['CDL']),
  g('logistics', 'CDL-B', ['CDL Class B', 'Class B CDL', 'Class B'], ['CDL']),
  g('logistics', 'HAZMAT', ['hazmat endorsement', 'hazardous materials endorsement']),
  g('logistics', 'TWIC', ['TWIC card']),
  g('logistics', 'OTR', ['over the road']),
  g('logistics', 'DOT', ['Department of Transportation']),
  g('logistics', 'forklift', ['fork lift', 'forklift operator', 'powered industrial truck']),
  g('logistics', 'WMS', ['warehouse management system', 'warehouse management software']),
  g('logistics', '3PL', ['third party logistics']),
  g('logistics', 'RF scanner', ['RF scanning', 'RF gun']),
  g('logistics', 'supply chain', ['supply chain management', 'SCM']),
  g('logistics', 'inventory management', ['inventory control']),
];

const EDUCATION: SynonymGroup[] = [
  g('education', 'IEP', [
    'individualized education program',
    'individualised education programme',
    'individualized education plan',
    'individual education plan',
  ]),
  g('education', 'ESL', [
    'ELL',
    'ESOL',
    'ENL',
    'English language learner',
    'English learner',
    'English as a second language',
    'English as a new language',
  ]),
  g('education', 'TESOL', ['TEFL', 'CELTA', 'TESL'], ['ESL']),
  g('education', 'special education', ['SPED', 'special ed', 'exceptional student education']),
  g('education', 'teaching certificate', [
    'teaching license',
    'teaching licence',
    'teaching credential',
    'teaching certification',
    'teacher certification',
    'teacher license',
    'certified teacher',
    'licensed teacher',
  ]),
  g('education', 'K-12', ['K12', 'K through 12']),
  g('education', 'STEM'),
  g('education', 'ABA', ['applied behavior analysis', 'applied behaviour analysis']),
  g('education', 'BCBA', ['board certified behavior analyst'], ['ABA']),
  g('education', 'RBT', ['registered behavior technician'], ['ABA']),
];

const GENERAL: SynonymGroup[] = [
  g(
    'general',
    "bachelor's degree",
    [
      'bachelor',
      'BA',
      'B.A.',
      'BS',
      'B.S.',
      'BSc',
      'B.Sc.',
      'BBA',
      'BEng',
      'B.Eng.',
      'baccalaureate',
      'bachelor of science',
      'bachelor of arts',
      'undergraduate degree',
      'four year degree',
      '4 year degree',
      'four year college degree',
    ],
    ['high school diploma'],
  ),
  g(
    'general',
    "master's degree",
    [
      'master',
      'MS',
      'M.S.',
      'MSc',
      'M.Sc.',
      'M.A.',
      'MEng',
      'master of science',
      'master of arts',
      'graduate degree',
      'advanced degree',
    ],
    ["bachelor's degree"],
  ),
  g('general', 'MBA', ['master of business administration'], ["master's degree"]),
  g('general', 'PhD', ['Ph.D.', 'doctorate', 'doctoral degree', 'doctoral', 'DPhil'], ["bachelor's degree"]),
  g(
    'general',
    'associate degree',
    [
      'AAS',
      'A.A.',
      'A.S.',
      'associate of science',
      'associate of arts',
      'associate of applied science',
      'two year degree',
      '2 year degree',
    ],
    ['high school diploma'],
  ),
  g('general', 'high school diploma', ['high school', 'GED', 'HS diploma', 'high school equivalency']),
  g('general', 'computer science', ['comp sci', 'CompSci']),
  g('general', 'project management'),
  g('general', 'PMP', ['Project Management Professional'], ['project management']),
  g('general', 'Six Sigma', ['Lean Six Sigma', 'green belt', 'black belt']),
];

/** The curated table, by field. */
export const SYNONYMS: readonly SynonymGroup[] = [
  ...HEALTHCARE,
  ...SOFTWARE,
  ...DATA,
  ...FINANCE,
  ...SALES_MARKETING,
  ...DESIGN,
  ...TRADES,
  ...LOGISTICS,
  ...EDUCATION,
  ...GENERAL,
];

/** A term of a text, canonical where the table knows it, with where it sits in the text. */
export interface TermToken {
  /** The canonical table term ("registered nurse", "Kubernetes"), or the folded singular word ("database"). */
  term: string;
  /** True when `term` comes from the table. */
  known: boolean;
  /** Span in the source text (a phrase spans all of its words). */
  start: number;
  end: number;
  /** The characters between the previous token and this one (punctuation the caller may need: , / ( ) .). */
  gap: string;
}

interface Word {
  key: string;
  start: number;
  end: number;
  gap: string;
}

// A word keeps what makes tech names distinct: inner dots (Node.js, ASP.NET, B.S.), a leading dot (.NET),
// "++" and "#" (C++, C#), and a possessive 's that is then dropped (bachelor's -> bachelor).
const WORD = /\.?[\p{L}\p{N}]+(?:\.[\p{L}\p{N}]+)*(?:\+\+|#)?(?:['’]s(?![\p{L}\p{N}]))?/gu;
// Flattened text glues sentences: "with Python.Experience in" is two words, unlike "Node.js" or "ASP.NET".
const GLUED_SENTENCES = /(?<=\p{Ll}{2})\.(?=\p{Lu}\p{Ll})/u;
// Gaps a phrase may run across: "CI/CD", "med-surg", "L&D", a line break. Not a comma: "SAP, Oracle, NetSuite"
// lists three systems, not "Oracle NetSuite".
const SOFT_GAP = /^[\s\-/&'’]*$/;

/** Lower case, accents folded ("München" -> "munchen"), compatibility forms unfolded ("ﬁ" -> "fi"). */
export function fold(text: string): string {
  // Most words are plain ASCII, and normalising is the costly part.
  if (/^[\x20-\x7e]*$/.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

// Plural to singular by spelling, the same on every side, so an odd stem ("kubernete") still compares equal.
function singular(word: string): string {
  if (word.length < 4 || !/^[a-z]+$/.test(word) || /(?:ss|us|is)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|sses|xes)$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/** The comparison key of one word as written: folded, possessive dropped, singular ("RNs" -> "rn"). */
export function wordKey(raw: string): string {
  // The language, not the verb; "go" in lower case stays an ordinary word.
  if (raw === 'Go') return 'golang';
  const word = fold(raw).replace(/['’]s$/, '');
  // An acronym's plural keeps a lower-case s: "RNs", "APIs", "EHRs".
  if (/^\p{Lu}{2,}s$/u.test(raw.replace(/['’]s$/, ''))) return word.endsWith('s') ? word.slice(0, -1) : word;
  return singular(word);
}

function words(text: string): Word[] {
  const out: Word[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    let raw = match[0];
    let offset = start;
    // Split words glued by a sentence's full stop, keeping their spans.
    while (raw.includes('.') && GLUED_SENTENCES.test(raw)) {
      const dot = raw.search(GLUED_SENTENCES);
      out.push({
        key: wordKey(raw.slice(0, dot)),
        start: offset,
        end: offset + dot,
        gap: text.slice(previousEnd, offset),
      });
      previousEnd = offset + dot;
      offset += dot + 1;
      raw = raw.slice(dot + 1);
    }
    out.push({ key: wordKey(raw), start: offset, end: offset + raw.length, gap: text.slice(previousEnd, offset) });
    previousEnd = start + match[0].length;
  }
  return out;
}

/** Phrases as a trie of word keys: a word either continues a phrase or it does not, with no string joins. */
interface PhraseNode {
  term?: string;
  next: Map<string, PhraseNode>;
}

interface Table {
  phrases: PhraseNode;
  /** Term -> every broader term it counts as, transitively. */
  broader: Map<string, readonly string[]>;
}

function buildTable(groups: readonly SynonymGroup[]): Table {
  const phrases: PhraseNode = { next: new Map() };
  for (const group of groups) {
    for (const alias of [group.term, ...(group.aliases ?? [])]) {
      let node = phrases;
      for (const word of words(alias)) {
        let child = node.next.get(word.key);
        if (!child) {
          child = { next: new Map() };
          node.next.set(word.key, child);
        }
        node = child;
      }
      // The first group to claim an alias keeps it (the table test checks none is claimed twice).
      if (node !== phrases && node.term === undefined) node.term = group.term;
    }
  }
  return { phrases, broader: broaderTable(groups) };
}

function broaderTable(groups: readonly SynonymGroup[]): Map<string, readonly string[]> {
  const direct = new Map(groups.map((group) => [group.term, group.countsAs ?? []] as const));
  const broader = new Map<string, readonly string[]>();
  for (const group of groups) {
    const seen = new Set<string>();
    const queue = [...(group.countsAs ?? [])];
    while (queue.length > 0) {
      const term = queue.shift() as string;
      if (seen.has(term) || term === group.term) continue;
      seen.add(term);
      queue.push(...(direct.get(term) ?? []));
    }
    if (seen.size > 0) broader.set(group.term, [...seen]);
  }
  return broader;
}

const TABLE = buildTable(SYNONYMS);

/**
 * The text as canonical terms with their spans, in order. Table phrases are matched longest first across
 * soft gaps ("Registered Nurse", "CI/CD", "Amazon Web Services"); every other word is its folded singular.
 * Linear in the text: each word walks the phrase trie at most as deep as the longest phrase.
 */
export function termTokens(text: string): TermToken[] {
  const list = words(text);
  const out: TermToken[] = [];
  let index = 0;
  while (index < list.length) {
    const first = list[index] as Word;
    const phrase = longestPhraseAt(list, index);
    if (phrase) {
      const last = list[index + phrase.length - 1] as Word;
      out.push({ term: phrase.term, known: true, start: first.start, end: last.end, gap: first.gap });
      index += phrase.length;
    } else {
      out.push({ term: first.key, known: false, start: first.start, end: first.end, gap: first.gap });
      index += 1;
    }
  }
  return out;
}

function longestPhraseAt(list: readonly Word[], index: number): { term: string; length: number } | null {
  let node = TABLE.phrases.next.get((list[index] as Word).key);
  let best: { term: string; length: number } | null = null;
  let length = 1;
  while (node) {
    if (node.term !== undefined) best = { term: node.term, length };
    const word = list[index + length];
    // A phrase runs on across soft gaps only ("CI/CD", not "Registered. Nurse").
    if (!word || !SOFT_GAP.test(word.gap)) break;
    node = node.next.get(word.key);
    length += 1;
  }
  return best;
}

/** The canonical terms of a text, in order, one per word or table phrase ("RN with BLS" -> registered nurse, with, BLS). */
export function canonicalTerms(text: string): string[] {
  return termTokens(text).map((token) => token.term);
}

/** The broader table terms a term also satisfies ("Epic" -> EHR; "OSHA 30" -> OSHA 10, OSHA). */
export function broaderTerms(term: string): readonly string[] {
  return TABLE.broader.get(term) ?? [];
}

/** The table's group for a canonical term, if the term is a table term. */
export function synonymGroup(term: string): SynonymGroup | undefined {
  return GROUPS_BY_TERM.get(term);
}

const GROUPS_BY_TERM = new Map(SYNONYMS.map((group) => [group.term, group]));
