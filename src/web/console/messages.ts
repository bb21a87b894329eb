/** The words of the researcher console in English, French, Spanish and Arabic (src/messages.ts's one shape). */
import { fillMessage, type MessageValues, type Translations } from '../../messages.ts';
import { pageDir, pageWordsLang } from '../messages.ts';
import type { TextDirection } from '../../instrument/text.ts';

type Lang = 'en' | 'fr' | 'es' | 'ar';
const t = (en: string, fr: string, es: string, ar: string): Translations<Lang> => ({ en, fr, es, ar });

const catalogue = {
  console: t('Researcher console', 'Console de recherche', 'Consola de investigación', 'لوحة الباحثين'),
  skip: t('Skip to the content', 'Aller au contenu', 'Ir al contenido', 'انتقل إلى المحتوى'),
  signInTitle: t('Sign in', 'Connexion', 'Iniciar sesión', 'تسجيل الدخول'),
  tokenLabel: t('Researcher token', 'Jeton de chercheur', 'Token de investigador', 'رمز الباحث'),
  tokenHint: t(
    'Create one with: barometer token create --name NAME --role researcher',
    'Créez-en un avec : barometer token create --name NOM --role researcher',
    'Cree uno con: barometer token create --name NOMBRE --role researcher',
    'أنشئ رمزًا بالأمر: barometer token create --name NAME --role researcher',
  ),
  signIn: t('Sign in', 'Se connecter', 'Entrar', 'دخول'),
  signOut: t('Sign out', 'Se déconnecter', 'Cerrar sesión', 'تسجيل الخروج'),
  badToken: t(
    'This token is not valid (unknown or revoked). Check it and try again.',
    "Ce jeton n'est pas valide (inconnu ou révoqué). Vérifiez-le et réessayez.",
    'Este token no es válido (desconocido o revocado). Compruébelo e inténtelo de nuevo.',
    'هذا الرمز غير صالح (غير معروف أو ملغى). تحقق منه وحاول مرة أخرى.',
  ),
  signedInAs: t(
    'Signed in as {name} ({role})',
    'Connecté en tant que {name} ({role})',
    'Sesión iniciada como {name} ({role})',
    'مسجّل الدخول باسم {name} ({role})',
  ),
  navWaves: t('Waves', 'Vagues', 'Oleadas', 'الموجات'),
  navAudit: t('Audit', 'Journal', 'Auditoría', 'سجل التدقيق'),
  study: t('Study', 'Étude', 'Estudio', 'الدراسة'),
  wave: t('Wave', 'Vague', 'Oleada', 'الموجة'),
  status: t('Status', 'Statut', 'Estado', 'الحالة'),
  draft: t('draft', 'brouillon', 'borrador', 'مسودة'),
  open: t('open', 'ouverte', 'abierta', 'مفتوحة'),
  closed: t('closed', 'fermée', 'cerrada', 'مغلقة'),
  fieldPeriod: t('Field period', 'Période de terrain', 'Periodo de campo', 'فترة العمل الميداني'),
  version: t('Instrument version', 'Version du questionnaire', 'Versión del cuestionario', 'إصدار الاستبيان'),
  completes: t('Completes', 'Questionnaires complets', 'Completas', 'المكتملة'),
  target: t('Target', 'Objectif', 'Objetivo', 'الهدف'),
  inProgress: t('In progress', 'En cours', 'En curso', 'قيد التنفيذ'),
  breakOffs: t('Break-offs', 'Abandons', 'Abandonos', 'الانقطاعات'),
  country: t('Country', 'Pays', 'País', 'البلد'),
  otherCountry: t('Other or none', 'Autre ou aucun', 'Otro o ninguno', 'آخر أو لا شيء'),
  progress: t('Completes per country', 'Questionnaires complets par pays', 'Completas por país', 'المكتملة حسب البلد'),
  byDay: t('Completes by day', 'Questionnaires complets par jour', 'Completas por día', 'المكتملة حسب اليوم'),
  day: t('Day', 'Jour', 'Día', 'اليوم'),
  breakOffRate: t('Break-off rate', "Taux d'abandon", 'Tasa de abandono', 'معدل الانقطاع'),
  breakOffPages: t(
    'Where respondents break off (last page saved)',
    'Où les répondants abandonnent (dernière page enregistrée)',
    'Dónde abandonan los encuestados (última página guardada)',
    'أين ينقطع المستجيبون (آخر صفحة محفوظة)',
  ),
  page: t('Page', 'Page', 'Página', 'الصفحة'),
  beforeFirstPage: t(
    'before the first page',
    'avant la première page',
    'antes de la primera página',
    'قبل الصفحة الأولى',
  ),
  medianLength: t(
    'Median interview length',
    "Durée médiane de l'entretien",
    'Duración mediana de la entrevista',
    'متوسط مدة المقابلة (الوسيط)',
  ),
  minutes: t('{n} min', '{n} min', '{n} min', '{n} دقيقة'),
  none: t('none yet', 'aucun pour le moment', 'ninguno todavía', 'لا شيء بعد'),
  batches: t('Invitation batches', "Lots d'invitations", 'Lotes de invitaciones', 'دفعات الدعوات'),
  issuedAt: t('Issued', 'Émises le', 'Emitidas', 'صدرت في'),
  issued: t('Invitations', 'Invitations', 'Invitaciones', 'الدعوات'),
  started: t('Started', 'Commencées', 'Iniciadas', 'بدأت'),
  responseRate: t('Response rate', 'Taux de réponse', 'Tasa de respuesta', 'معدل الاستجابة'),
  openWave: t('Open the wave', 'Ouvrir la vague', 'Abrir la oleada', 'افتح الموجة'),
  closeWave: t('Close the wave', 'Fermer la vague', 'Cerrar la oleada', 'أغلق الموجة'),
  confirmOpen: t(
    'Open wave {wave}? Its instrument version is frozen from then on.',
    'Ouvrir la vague {wave} ? Sa version du questionnaire sera alors figée.',
    '¿Abrir la oleada {wave}? Su versión del cuestionario quedará congelada.',
    'هل تريد فتح الموجة {wave}؟ سيُجمَّد إصدار الاستبيان بعد ذلك.',
  ),
  confirmClose: t(
    'Close wave {wave}? No more answers are accepted, and sessions in progress are recorded as break-offs.',
    'Fermer la vague {wave} ? Plus aucune réponse ne sera acceptée et les sessions en cours seront comptées comme abandons.',
    '¿Cerrar la oleada {wave}? No se aceptarán más respuestas y las sesiones en curso se registrarán como abandonos.',
    'هل تريد إغلاق الموجة {wave}؟ لن تُقبل إجابات أخرى وستُسجَّل الجلسات الجارية كانقطاعات.',
  ),
  confirm: t('Yes, do it', 'Oui, confirmer', 'Sí, confirmar', 'نعم، نفّذ'),
  cancel: t('Cancel', 'Annuler', 'Cancelar', 'إلغاء'),
  invitationCount: t('Number of invitations', "Nombre d'invitations", 'Número de invitaciones', 'عدد الدعوات'),
  createInvitations: t(
    'Create and download invitations (CSV)',
    'Créer et télécharger les invitations (CSV)',
    'Crear y descargar invitaciones (CSV)',
    'أنشئ الدعوات ونزّلها (CSV)',
  ),
  exports: t('Export', 'Export', 'Exportación', 'التصدير'),
  downloadCsv: t(
    'Download the responses (CSV)',
    'Télécharger les réponses (CSV)',
    'Descargar las respuestas (CSV)',
    'نزّل الإجابات (CSV)',
  ),
  downloadFile: t('Download ({format})', 'Télécharger ({format})', 'Descargar ({format})', 'نزّل ({format})'),
  quality: t('Quality', 'Qualité', 'Calidad', 'الجودة'),
  checked: t('Checked', 'Vérifiées', 'Revisadas', 'المفحوصة'),
  flagged: t('Flagged', 'Signalées', 'Señaladas', 'المعلَّمة'),
  excluded: t('Excluded', 'Exclues', 'Excluidas', 'المستبعدة'),
  response: t('Response', 'Réponse', 'Respuesta', 'الإجابة'),
  flags: t('Flags', 'Signalements', 'Señales', 'العلامات'),
  action: t('Action', 'Action', 'Acción', 'الإجراء'),
  exclude: t('Exclude from weighting', 'Exclure de la pondération', 'Excluir de la ponderación', 'استبعد من الترجيح'),
  include: t('Include again', 'Réintégrer', 'Volver a incluir', 'أعد التضمين'),
  speeder: t('speeder', 'trop rapide', 'demasiado rápido', 'سريع جدًا'),
  straight_lining: t(
    'straight-lining',
    'réponses en ligne droite',
    'respuestas en línea recta',
    'إجابات متطابقة في الشبكة',
  ),
  duplicate_device: t('same device', 'même appareil', 'mismo dispositivo', 'الجهاز نفسه'),
  duplicate_answers: t('same answers', 'mêmes réponses', 'mismas respuestas', 'الإجابات نفسها'),
  item_nonresponse: t('item non-response', 'non-réponse partielle', 'no respuesta parcial', 'عدم الإجابة عن البنود'),
  noFlags: t(
    'No response is flagged.',
    "Aucune réponse n'est signalée.",
    'Ninguna respuesta está señalada.',
    'لا توجد إجابة معلَّمة.',
  ),
  weighting: t('Weighting', 'Pondération', 'Ponderación', 'الترجيح'),
  startRun: t(
    'Start a weighting run (it becomes current)',
    'Lancer une pondération (elle devient courante)',
    'Iniciar una ponderación (pasa a ser la actual)',
    'ابدأ عملية ترجيح (تصبح الحالية)',
  ),
  noRuns: t(
    'No weighting run yet.',
    "Aucune pondération pour l'instant.",
    'Aún no hay ponderaciones.',
    'لا توجد عملية ترجيح بعد.',
  ),
  run: t(
    'Run of {at} by {actor}',
    'Pondération du {at} par {actor}',
    'Ponderación del {at} por {actor}',
    'ترجيح {at} بواسطة {actor}',
  ),
  makeCurrent: t(
    'Make this run current',
    'Rendre cette pondération courante',
    'Hacer actual esta ponderación',
    'اجعل هذا الترجيح الحالي',
  ),
  current: t('current', 'courante', 'actual', 'الحالية'),
  deff: t('Design effect', 'Effet de plan', 'Efecto de diseño', 'أثر التصميم'),
  effectiveN: t('Effective n', 'n effectif', 'n efectivo', 'الحجم الفعلي'),
  weightRange: t(
    'Relative weights (min · median · max)',
    'Poids relatifs (min · médiane · max)',
    'Pesos relativos (mín · mediana · máx)',
    'الأوزان النسبية (الأدنى · الوسيط · الأقصى)',
  ),
  trimmed: t('Trimmed or at a bound', 'Écrêtés ou à une borne', 'Recortados o en un límite', 'مقصوصة أو عند حد'),
  weightingFailed: t(
    'The weighting run failed: {reason}',
    'La pondération a échoué : {reason}',
    'La ponderación falló: {reason}',
    'فشلت عملية الترجيح: {reason}',
  ),
  audit: t(
    'Latest audit entries',
    "Dernières entrées du journal d'audit",
    'Últimas entradas de auditoría',
    'أحدث إدخالات التدقيق',
  ),
  at: t('When', 'Quand', 'Cuándo', 'متى'),
  actor: t('Who', 'Qui', 'Quién', 'مَن'),
  targetColumn: t('On', 'Sur', 'Sobre', 'على'),
  forbidden: t(
    'Your token’s role ({role}) does not allow this; it needs {needs}.',
    'Le rôle de votre jeton ({role}) ne le permet pas ; il faut {needs}.',
    'El rol de su token ({role}) no lo permite; se necesita {needs}.',
    'دور رمزك ({role}) لا يسمح بذلك؛ يلزم {needs}.',
  ),
  notFound: t('There is no such page.', "Cette page n'existe pas.", 'Esta página no existe.', 'هذه الصفحة غير موجودة.'),
  refused: t('This was refused: {reason}', 'Refusé : {reason}', 'Rechazado: {reason}', 'رُفض هذا: {reason}'),
  badForm: t(
    'The form expired or came from another page. Reload the page and try again.',
    'Le formulaire a expiré ou vient d’une autre page. Rechargez la page et réessayez.',
    'El formulario caducó o viene de otra página. Recargue la página e inténtelo de nuevo.',
    'انتهت صلاحية النموذج أو جاء من صفحة أخرى. أعد تحميل الصفحة وحاول مرة أخرى.',
  ),
  back: t('Back to the waves', 'Retour aux vagues', 'Volver a las oleadas', 'العودة إلى الموجات'),
} as const;

export type ConsoleKey = keyof typeof catalogue;

/** A console message in `lang` (English for a language the console does not speak), its slots filled. */
export function say(lang: string, key: ConsoleKey, values: MessageValues = {}): string {
  const words = pageWordsLang(lang);
  const message = words === 'fr' || words === 'es' || words === 'ar' ? catalogue[key][words] : catalogue[key].en;
  return fillMessage(words, message, values);
}

/** The writing direction of the console in `lang`. */
export function consoleDir(lang: string): TextDirection {
  return pageDir(lang);
}

export const consoleLanguages = ['en', 'fr', 'es', 'ar'] as const;
