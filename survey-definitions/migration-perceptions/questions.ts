/**
 * The questions of the migration-perceptions study, shared by its instrument versions.
 * Codes are stable across waves and languages; wording follows the Gallup World Poll items
 * used in IOM's "How the World Views Migration" (2015).
 */
import type { Condition, QuestionInput, Text } from '../../src/instrument/index.ts';
import { countryOptions, regionOptions } from './countries.ts';

const t = (en: string, fr: string, es: string, ar: string): Text => ({ en, fr, es, ar });

const YES_NO = [
  { code: 'yes', label: t('Yes', 'Oui', 'Sí', 'نعم'), value: 1 },
  { code: 'no', label: t('No', 'Non', 'No', 'لا'), value: 0 },
];

/** Shown only to respondents who agreed to take part. */
export const CONSENTED: Condition = { op: 'equals', question: 'CONSENT', value: true };

export const CONSENT = {
  kind: 'consent',
  code: 'CONSENT',
  text: t(
    'This survey is about how people see immigration. It takes about 10 minutes. Your answers are anonymous and used only for research; you may stop at any time, and you can answer "Prefer not to answer" to any question. Do you agree to take part?',
    "Cette enquête porte sur la façon dont les gens perçoivent l'immigration. Elle dure environ 10 minutes. Vos réponses sont anonymes et servent uniquement à la recherche ; vous pouvez arrêter à tout moment et répondre « Préfère ne pas répondre » à n'importe quelle question. Acceptez-vous de participer ?",
    'Esta encuesta trata sobre cómo las personas ven la inmigración. Dura unos 10 minutos. Sus respuestas son anónimas y se usan solo con fines de investigación; puede detenerse en cualquier momento y responder «Prefiere no responder» a cualquier pregunta. ¿Acepta participar?',
    'يتناول هذا الاستطلاع نظرة الناس إلى الهجرة، ويستغرق نحو 10 دقائق. إجاباتك مجهولة الهوية وتُستخدم لأغراض البحث فقط، ويمكنك التوقف في أي وقت واختيار «أفضّل عدم الإجابة» لأي سؤال. هل توافق على المشاركة؟',
  ),
} satisfies QuestionInput;

export const COUNTRY = {
  kind: 'single',
  code: 'COUNTRY',
  text: t('In which country do you live?', 'Dans quel pays vivez-vous ?', '¿En qué país vive?', 'في أي بلد تعيش؟'),
  options: countryOptions,
} satisfies QuestionInput;

export const REGION = {
  kind: 'single',
  code: 'REGION',
  text: t(
    'In which region of {{COUNTRY|your country}} do you live?',
    'Dans quelle région vivez-vous ({{COUNTRY|votre pays}}) ?',
    '¿En qué región de {{COUNTRY|su país}} vive?',
    'في أي منطقة من {{COUNTRY|بلدك}} تعيش؟',
  ),
  options: regionOptions,
  missing: ['refused'],
} satisfies QuestionInput;

export const AGE = {
  kind: 'numeric',
  code: 'AGE',
  text: t('How old are you?', 'Quel âge avez-vous ?', '¿Qué edad tiene?', 'كم عمرك؟'),
  unit: t('years', 'ans', 'años', 'سنة'),
  integer: true,
  min: 15,
  max: 120,
  missing: ['refused'],
} satisfies QuestionInput;

export const SEX = {
  kind: 'single',
  code: 'SEX',
  text: t('What is your sex?', 'Quel est votre sexe ?', '¿Cuál es su sexo?', 'ما جنسك؟'),
  options: [
    { code: 'female', label: t('Female', 'Femme', 'Mujer', 'أنثى') },
    { code: 'male', label: t('Male', 'Homme', 'Hombre', 'ذكر') },
  ],
  missing: ['refused'],
} satisfies QuestionInput;

export const MIG_LEVEL = {
  kind: 'single',
  code: 'MIG_LEVEL',
  text: t(
    'In your view, should immigration in this country be kept at its present level, increased or decreased?',
    "Selon vous, l'immigration dans ce pays devrait-elle être maintenue à son niveau actuel, augmentée ou diminuée ?",
    'En su opinión, ¿la inmigración en este país debería mantenerse en su nivel actual, aumentar o disminuir?',
    'برأيك، هل ينبغي إبقاء الهجرة إلى هذا البلد عند مستواها الحالي، أم زيادتها، أم خفضها؟',
  ),
  options: [
    {
      code: 'present_level',
      label: t(
        'Kept at its present level',
        'Maintenue à son niveau actuel',
        'Mantenerse en su nivel actual',
        'إبقاؤها عند مستواها الحالي',
      ),
    },
    { code: 'increased', label: t('Increased', 'Augmentée', 'Aumentar', 'زيادتها') },
    { code: 'decreased', label: t('Decreased', 'Diminuée', 'Disminuir', 'خفضها') },
  ],
  missing: ['dont_know', 'refused'],
} satisfies QuestionInput;

export const MIG_JOBS = {
  kind: 'single',
  code: 'MIG_JOBS',
  text: t(
    'Do you think immigrants mostly take jobs that citizens in this country do not want, or mostly take jobs that citizens in this country want?',
    'Pensez-vous que les immigrés occupent surtout des emplois dont les citoyens de ce pays ne veulent pas, ou surtout des emplois que les citoyens de ce pays veulent ?',
    '¿Cree que los inmigrantes ocupan sobre todo empleos que los ciudadanos de este país no quieren, o sobre todo empleos que los ciudadanos de este país quieren?',
    'هل تعتقد أن المهاجرين يشغلون في الغالب وظائف لا يريدها مواطنو هذا البلد، أم في الغالب وظائف يريدها مواطنو هذا البلد؟',
  ),
  options: [
    {
      code: 'jobs_not_wanted',
      label: t(
        'Mostly jobs citizens do not want',
        'Surtout des emplois dont les citoyens ne veulent pas',
        'Sobre todo empleos que los ciudadanos no quieren',
        'في الغالب وظائف لا يريدها المواطنون',
      ),
    },
    {
      code: 'jobs_wanted',
      label: t(
        'Mostly jobs citizens want',
        'Surtout des emplois que les citoyens veulent',
        'Sobre todo empleos que los ciudadanos quieren',
        'في الغالب وظائف يريدها المواطنون',
      ),
    },
  ],
  missing: ['dont_know', 'refused'],
} satisfies QuestionInput;

const GOOD_BAD = [
  { code: 'good', label: t('A good thing', 'Une bonne chose', 'Algo bueno', 'أمر جيد') },
  { code: 'bad', label: t('A bad thing', 'Une mauvaise chose', 'Algo malo', 'أمر سيئ') },
  { code: 'depends', label: t('It depends', 'Cela dépend', 'Depende', 'يتوقف على الظروف') },
];

/** Migrant Acceptance Index item 1. */
export const MAI_LIVE = {
  kind: 'single',
  code: 'MAI_LIVE',
  text: t(
    'Do you think immigrants living in this country is a good thing or a bad thing?',
    'Pensez-vous que le fait que des immigrés vivent dans ce pays soit une bonne ou une mauvaise chose ?',
    '¿Cree que es algo bueno o malo que vivan inmigrantes en este país?',
    'هل تعتقد أن عيش المهاجرين في هذا البلد أمر جيد أم سيئ؟',
  ),
  options: GOOD_BAD,
  missing: ['dont_know', 'refused'],
} satisfies QuestionInput;

/** Migrant Acceptance Index item 2. */
export const MAI_NEIGHBOR = {
  kind: 'single',
  code: 'MAI_NEIGHBOR',
  text: t(
    'Do you think an immigrant becoming your neighbour is a good thing or a bad thing?',
    "Pensez-vous qu'un immigré qui deviendrait votre voisin soit une bonne ou une mauvaise chose ?",
    '¿Cree que es algo bueno o malo que un inmigrante se convierta en su vecino?',
    'هل تعتقد أن يصبح أحد المهاجرين جارًا لك أمر جيد أم سيئ؟',
  ),
  options: GOOD_BAD,
  missing: ['dont_know', 'refused'],
} satisfies QuestionInput;

/** Migrant Acceptance Index item 3. */
export const MAI_MARRY = {
  kind: 'single',
  code: 'MAI_MARRY',
  text: t(
    'Do you think an immigrant marrying one of your close relatives is a good thing or a bad thing?',
    "Pensez-vous qu'un immigré qui épouserait l'un de vos proches parents soit une bonne ou une mauvaise chose ?",
    '¿Cree que es algo bueno o malo que un inmigrante se case con uno de sus familiares cercanos?',
    'هل تعتقد أن زواج أحد المهاجرين من أحد أقاربك المقربين أمر جيد أم سيئ؟',
  ),
  options: GOOD_BAD,
  missing: ['dont_know', 'refused'],
} satisfies QuestionInput;

export const KNOWS_MIGRANTS = {
  kind: 'single',
  code: 'KNOWS_MIGRANTS',
  text: t(
    'Do you personally know any immigrants, that is, people who came from another country to live in this country?',
    "Connaissez-vous personnellement des immigrés, c'est-à-dire des personnes venues d'un autre pays pour vivre dans ce pays ?",
    '¿Conoce personalmente a algún inmigrante, es decir, a personas que vinieron de otro país a vivir en este país?',
    'هل تعرف شخصيًا أي مهاجرين، أي أشخاص جاؤوا من بلد آخر للعيش في هذا البلد؟',
  ),
  options: YES_NO,
  missing: ['dont_know', 'refused'],
} satisfies QuestionInput;

/** Where a campaign or slogan was seen (CAMPAIGN_WHERE, SLOGAN_WHERE). */
export const MEDIA_OPTIONS = [
  { code: 'tv', label: t('Television', 'Télévision', 'Televisión', 'التلفزيون') },
  { code: 'radio', label: t('Radio', 'Radio', 'Radio', 'الراديو') },
  { code: 'social_media', label: t('Social media', 'Réseaux sociaux', 'Redes sociales', 'وسائل التواصل الاجتماعي') },
  {
    code: 'news_websites',
    label: t('News websites', "Sites d'information", 'Sitios web de noticias', 'المواقع الإخبارية'),
  },
  {
    code: 'posters',
    label: t('Posters or billboards', 'Affiches ou panneaux', 'Carteles o vallas', 'الملصقات أو اللوحات الإعلانية'),
  },
];
export const SOMEWHERE_ELSE = {
  code: 'other',
  label: t('Somewhere else', 'Ailleurs', 'En otro lugar', 'مكان آخر'),
  anchor: true,
};

/** The campaign-evaluation hook (from instrument version 2). */
export const CAMPAIGN_SEEN = {
  kind: 'single',
  code: 'CAMPAIGN_SEEN',
  text: t(
    'In the past 12 months, have you seen or heard a campaign about the contributions migrants make to this country, for example on television, on the radio, online or on posters?',
    'Au cours des 12 derniers mois, avez-vous vu ou entendu une campagne sur les contributions des migrants à ce pays, par exemple à la télévision, à la radio, en ligne ou sur des affiches ?',
    'En los últimos 12 meses, ¿ha visto u oído alguna campaña sobre las contribuciones de los migrantes a este país, por ejemplo en televisión, radio, internet o carteles?',
    'خلال الاثني عشر شهرًا الماضية، هل رأيت أو سمعت حملة عن مساهمات المهاجرين في هذا البلد، مثلًا على التلفزيون أو الراديو أو الإنترنت أو الملصقات؟',
  ),
  options: YES_NO,
  missing: ['dont_know', 'refused'],
} satisfies QuestionInput;

export const CAMPAIGN_WHERE = {
  kind: 'multiple',
  code: 'CAMPAIGN_WHERE',
  text: t(
    'Where did you see or hear it? Select all that apply.',
    "Où l'avez-vous vue ou entendue ? Plusieurs réponses possibles.",
    '¿Dónde la vio u oyó? Seleccione todas las opciones que correspondan.',
    'أين رأيتها أو سمعتها؟ اختر كل ما ينطبق.',
  ),
  options: [...MEDIA_OPTIONS, SOMEWHERE_ELSE],
  randomize: true,
  minSelections: 1,
  missing: ['dont_know'],
} satisfies QuestionInput;

export const EDUCATION = {
  kind: 'single',
  code: 'EDUCATION',
  text: t(
    'What is the highest level of education you have completed?',
    "Quel est le plus haut niveau d'études que vous avez terminé ?",
    '¿Cuál es el nivel de estudios más alto que ha completado?',
    'ما أعلى مستوى تعليمي أكملته؟',
  ),
  options: [
    {
      code: 'primary_or_less',
      label: t(
        'Primary education or less',
        'Enseignement primaire ou moins',
        'Educación primaria o menos',
        'التعليم الابتدائي أو أقل',
      ),
      value: 1,
    },
    {
      code: 'secondary',
      label: t('Secondary education', 'Enseignement secondaire', 'Educación secundaria', 'التعليم الثانوي'),
      value: 2,
    },
    {
      code: 'tertiary',
      label: t(
        'Post-secondary or university education',
        'Enseignement post-secondaire ou universitaire',
        'Educación postsecundaria o universitaria',
        'التعليم ما بعد الثانوي أو الجامعي',
      ),
      value: 3,
    },
  ],
  missing: ['dont_know', 'refused'],
} satisfies QuestionInput;

export const EMPLOYMENT = {
  kind: 'single',
  code: 'EMPLOYMENT',
  text: t(
    'Which of these best describes your current employment situation?',
    'Laquelle de ces situations décrit le mieux votre situation professionnelle actuelle ?',
    '¿Cuál de estas opciones describe mejor su situación laboral actual?',
    'أي مما يلي يصف وضعك الوظيفي الحالي على أفضل نحو؟',
  ),
  options: [
    {
      code: 'employed_full_time',
      label: t(
        'Employed full time by an employer',
        'Salarié(e) à temps plein',
        'Empleado/a a tiempo completo',
        'موظف بدوام كامل لدى جهة عمل',
      ),
    },
    {
      code: 'employed_part_time',
      label: t(
        'Employed part time by an employer',
        'Salarié(e) à temps partiel',
        'Empleado/a a tiempo parcial',
        'موظف بدوام جزئي لدى جهة عمل',
      ),
    },
    {
      code: 'self_employed',
      label: t('Self-employed', 'Indépendant(e)', 'Trabajador/a por cuenta propia', 'أعمل لحسابي الخاص'),
    },
    {
      code: 'unemployed',
      label: t(
        'Not employed and looking for work',
        "Sans emploi et à la recherche d'un emploi",
        'Sin empleo y buscando trabajo',
        'لا أعمل وأبحث عن عمل',
      ),
    },
    {
      code: 'not_in_labour_force',
      label: t(
        'Not employed and not looking for work (student, retired, homemaker…)',
        "Sans emploi et ne cherchant pas d'emploi (étudiant, retraité, au foyer…)",
        'Sin empleo y sin buscar trabajo (estudiante, jubilado/a, labores del hogar…)',
        'لا أعمل ولا أبحث عن عمل (طالب، متقاعد، أعمال منزلية…)',
      ),
    },
  ],
  missing: ['refused'],
} satisfies QuestionInput;

export const THANKS = {
  kind: 'info',
  code: 'THANKS',
  text: t(
    'Thank you for taking part.',
    'Merci de votre participation.',
    'Gracias por su participación.',
    'شكرًا لمشاركتك.',
  ),
} satisfies QuestionInput;

export { t };
