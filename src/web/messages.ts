/**
 * The words of the respondent pages themselves (buttons, headings, error
 * messages) in the languages of the flagship study; any other language falls
 * back to English. Question texts come from the instrument, not from here.
 * The catalogue has the one shape of translated words (src/messages.ts): each
 * key, its message in every language.
 */
import { fillMessage, type Message, type MessageValues, type Translations } from '../messages.ts';
import { ownEntry, type TextDirection } from '../instrument/text.ts';
import { trustCatalogue } from './trust-messages.ts';

/** The languages the page words are written in. */
const languages = ['en', 'fr', 'es', 'ar'] as const;
type PageLanguage = (typeof languages)[number];

const catalogue = {
  ...trustCatalogue,
  skip: { en: 'Skip to the questions', fr: 'Aller aux questions', es: 'Ir a las preguntas', ar: 'انتقل إلى الأسئلة' },
  start: { en: 'Start the survey', fr: "Commencer l'enquête", es: 'Empezar la encuesta', ar: 'ابدأ الاستطلاع' },
  chooseLanguage: { en: 'Language', fr: 'Langue', es: 'Idioma', ar: 'اللغة' },
  changeLanguage: {
    en: 'Show in this language',
    fr: 'Afficher dans cette langue',
    es: 'Mostrar en este idioma',
    ar: 'اعرض بهذه اللغة',
  },
  agree: {
    en: 'I agree to take part',
    fr: "J'accepte de participer",
    es: 'Acepto participar',
    ar: 'أوافق على المشاركة',
  },
  agreeRequired: {
    en: 'To start, tick the box to agree to take part.',
    fr: 'Pour commencer, cochez la case pour accepter de participer.',
    es: 'Para empezar, marque la casilla para aceptar participar.',
    ar: 'للبدء، ضع علامة في المربع للموافقة على المشاركة.',
  },
  interviewerMode: {
    en: 'Interviewer mode: {mode}',
    fr: 'Mode enquêteur : {mode}',
    es: 'Modo entrevistador: {mode}',
    ar: 'وضع المُحاور: {mode}',
  },
  modePhone: { en: 'telephone', fr: 'téléphone', es: 'teléfono', ar: 'الهاتف' },
  modeFaceToFace: { en: 'face to face', fr: 'face à face', es: 'cara a cara', ar: 'وجهاً لوجه' },
  interviewerSays: { en: 'Interviewer', fr: 'Enquêteur', es: 'Entrevistador', ar: 'المُحاور' },
  respondentLanguage: {
    en: "Respondent's language",
    fr: 'Langue de la personne interrogée',
    es: 'Idioma de la persona entrevistada',
    ar: 'لغة المستجيب',
  },
  interviewerToken: {
    en: 'Interviewer token',
    fr: "Jeton d'enquêteur",
    es: 'Token de entrevistador',
    ar: 'رمز المُحاور',
  },
  interviewerNamed: {
    en: 'Interviewer: {name}',
    fr: 'Enquêteur : {name}',
    es: 'Entrevistador: {name}',
    ar: 'المُحاور: {name}',
  },
  interviewMode: {
    en: 'Mode of the interview',
    fr: "Mode de l'entretien",
    es: 'Modo de la entrevista',
    ar: 'أسلوب المقابلة',
  },
  respondentAgreed: {
    en: 'The respondent agreed to take part',
    fr: 'La personne interrogée a accepté de participer',
    es: 'La persona entrevistada aceptó participar',
    ar: 'وافق المستجيب على المشاركة',
  },
  startInterview: {
    en: 'Start the interview',
    fr: "Commencer l'entretien",
    es: 'Empezar la entrevista',
    ar: 'ابدأ المقابلة',
  },
  interviewerRefused: {
    en: 'This token cannot open interviews: give an interviewer or researcher token that has not been revoked.',
    fr: "Ce jeton ne peut pas ouvrir d'entretien : donnez un jeton d'enquêteur ou de chercheur non révoqué.",
    es: 'Este token no puede abrir entrevistas: use un token de entrevistador o de investigador no revocado.',
    ar: 'لا يمكن لهذا الرمز فتح المقابلات: استخدم رمز مُحاور أو باحث غير ملغى.',
  },
  consentYes: { en: 'I agree', fr: "J'accepte", es: 'Acepto', ar: 'أوافق' },
  consentNo: { en: 'I do not agree', fr: "Je n'accepte pas", es: 'No acepto', ar: 'لا أوافق' },
  next: { en: 'Next', fr: 'Suivant', es: 'Siguiente', ar: 'التالي' },
  back: { en: 'Back', fr: 'Précédent', es: 'Anterior', ar: 'السابق' },
  submit: { en: 'Submit my answers', fr: 'Envoyer mes réponses', es: 'Enviar mis respuestas', ar: 'أرسل إجاباتي' },
  saveLater: {
    en: 'Save and continue later',
    fr: 'Enregistrer et continuer plus tard',
    es: 'Guardar y continuar más tarde',
    ar: 'احفظ وتابع لاحقًا',
  },
  progressLabel: { en: 'Progress', fr: 'Progression', es: 'Progreso', ar: 'التقدم' },
  required: { en: 'Required', fr: 'Obligatoire', es: 'Obligatoria', ar: 'إلزامي' },
  optional: { en: 'Optional', fr: 'Facultatif', es: 'Opcional', ar: 'اختياري' },
  errorTitle: { en: 'There is a problem', fr: 'Il y a un problème', es: 'Hay un problema', ar: 'توجد مشكلة' },
  errorIntro: {
    en: 'Please correct the following:',
    fr: 'Veuillez corriger ce qui suit :',
    es: 'Corrija lo siguiente:',
    ar: 'يرجى تصحيح ما يلي:',
  },
  savedTitle: {
    en: 'Your answers are saved',
    fr: 'Vos réponses sont enregistrées',
    es: 'Sus respuestas están guardadas',
    ar: 'تم حفظ إجاباتك',
  },
  savedBody: {
    en: 'To continue later, on this or another device, open this link. Keep it private: anyone with it can see and change your answers.',
    fr: 'Pour continuer plus tard, sur cet appareil ou un autre, ouvrez ce lien. Gardez-le pour vous : toute personne qui le possède peut voir et modifier vos réponses.',
    es: 'Para continuar más tarde, en este u otro dispositivo, abra este enlace. Guárdelo en privado: cualquier persona que lo tenga puede ver y cambiar sus respuestas.',
    ar: 'للمتابعة لاحقًا، على هذا الجهاز أو على جهاز آخر، افتح هذا الرابط. احتفظ به لنفسك: يمكن لأي شخص يملكه أن يرى إجاباتك ويغيّرها.',
  },
  savedContinue: { en: 'Continue now', fr: 'Continuer maintenant', es: 'Continuar ahora', ar: 'تابع الآن' },
  copyLink: { en: 'Copy the link', fr: 'Copier le lien', es: 'Copiar el enlace', ar: 'انسخ الرابط' },
  copied: { en: 'Copied', fr: 'Copié', es: 'Copiado', ar: 'تم النسخ' },
  thanksTitle: { en: 'Thank you', fr: 'Merci', es: 'Gracias', ar: 'شكرًا لك' },
  item: { en: 'Item', fr: 'Élément', es: 'Elemento', ar: 'البند' },
  other: { en: 'Or', fr: 'Ou', es: 'O', ar: 'أو' },
  selectAll: {
    en: 'Select all that apply.',
    fr: 'Plusieurs réponses possibles.',
    es: 'Seleccione todas las que correspondan.',
    ar: 'اختر كل ما ينطبق.',
  },
  rankOf: { en: 'Rank', fr: 'Rang', es: 'Posición', ar: 'الترتيب' },
  notRanked: { en: 'Not ranked', fr: 'Non classé', es: 'Sin posición', ar: 'بدون ترتيب' },
  resumeTitle: {
    en: 'This link does not work',
    fr: 'Ce lien ne fonctionne pas',
    es: 'Este enlace no funciona',
    ar: 'هذا الرابط لا يعمل',
  },
  resumeBody: {
    en: 'The link may be incomplete or mistyped. Please use the full link you saved.',
    fr: 'Le lien est peut-être incomplet ou mal recopié. Utilisez le lien complet que vous avez enregistré.',
    es: 'Puede que el enlace esté incompleto o mal copiado. Use el enlace completo que guardó.',
    ar: 'قد يكون الرابط ناقصًا أو منسوخًا بشكل خاطئ. استخدم الرابط الكامل الذي حفظته.',
  },
  resumeConfirmBody: {
    en: 'Continue answering in this browser? Use only a link you saved yourself.',
    fr: 'Continuer à répondre dans ce navigateur ? N’utilisez qu’un lien que vous avez enregistré vous-même.',
    es: '¿Continuar respondiendo en este navegador? Use solo un enlace que haya guardado usted.',
    ar: 'هل تريد متابعة الإجابة في هذا المتصفح؟ استخدم فقط رابطًا حفظته بنفسك.',
  },
  notFoundTitle: { en: 'Page not found', fr: 'Page introuvable', es: 'Página no encontrada', ar: 'الصفحة غير موجودة' },
  notFoundBody: {
    en: 'There is nothing at this address.',
    fr: "Il n'y a rien à cette adresse.",
    es: 'No hay nada en esta dirección.',
    ar: 'لا يوجد شيء في هذا العنوان.',
  },
  forbiddenTitle: {
    en: 'This form has expired',
    fr: 'Ce formulaire a expiré',
    es: 'Este formulario ha caducado',
    ar: 'انتهت صلاحية هذا النموذج',
  },
  forbiddenBody: {
    en: 'For your security the form could not be accepted. Go back, reload the page and try again.',
    fr: "Pour votre sécurité, le formulaire n'a pas pu être accepté. Revenez en arrière, rechargez la page et réessayez.",
    es: 'Por su seguridad no se pudo aceptar el formulario. Vuelva atrás, recargue la página e inténtelo de nuevo.',
    ar: 'حفاظًا على أمانك لم يُقبل النموذج. ارجع، وأعد تحميل الصفحة، وحاول مرة أخرى.',
  },
  conflictTitle: {
    en: 'This cannot be done now',
    fr: "Ce n'est pas possible pour le moment",
    es: 'No es posible ahora',
    ar: 'لا يمكن القيام بذلك الآن',
  },
  closedBody: {
    en: 'This survey is not open for answers.',
    fr: "Cette enquête n'est pas ouverte.",
    es: 'Esta encuesta no está abierta.',
    ar: 'هذا الاستطلاع غير مفتوح للإجابة.',
  },
  doneBody: {
    en: 'These answers have already been submitted and can no longer be changed.',
    fr: 'Ces réponses ont déjà été envoyées et ne peuvent plus être modifiées.',
    es: 'Estas respuestas ya se enviaron y no se pueden cambiar.',
    ar: 'تم إرسال هذه الإجابات بالفعل ولم يعد من الممكن تغييرها.',
  },
  sessionLostTitle: {
    en: 'Your session was not found',
    fr: 'Votre session est introuvable',
    es: 'No se encontró su sesión',
    ar: 'لم يتم العثور على جلستك',
  },
  sessionLostBody: {
    en: 'Open the link you saved to continue, or start again from the survey link.',
    fr: "Ouvrez le lien enregistré pour continuer, ou recommencez depuis le lien de l'enquête.",
    es: 'Abra el enlace que guardó para continuar, o empiece de nuevo desde el enlace de la encuesta.',
    ar: 'افتح الرابط الذي حفظته للمتابعة، أو ابدأ من جديد من رابط الاستطلاع.',
  },
  errorPageTitle: {
    en: 'Something went wrong',
    fr: "Une erreur s'est produite",
    es: 'Algo salió mal',
    ar: 'حدث خطأ ما',
  },
  errorPageBody: {
    en: 'Your request could not be completed. Please try again.',
    fr: "Votre demande n'a pas pu aboutir. Veuillez réessayer.",
    es: 'No se pudo completar su solicitud. Inténtelo de nuevo.',
    ar: 'تعذر إكمال طلبك. يرجى المحاولة مرة أخرى.',
  },
  home: { en: 'Home', fr: 'Accueil', es: 'Inicio', ar: 'الرئيسية' },
  openWaves: {
    en: 'Surveys open now',
    fr: 'Enquêtes ouvertes',
    es: 'Encuestas abiertas',
    ar: 'الاستطلاعات المفتوحة الآن',
  },
  noWaves: {
    en: 'No survey is open at the moment.',
    fr: "Aucune enquête n'est ouverte pour le moment.",
    es: 'No hay ninguna encuesta abierta en este momento.',
    ar: 'لا يوجد استطلاع مفتوح في الوقت الحالي.',
  },
  take: { en: 'Take the survey', fr: "Répondre à l'enquête", es: 'Responder la encuesta', ar: 'أجب عن الاستطلاع' },
  // Per-question errors, by the validator's code.
  'err.required': {
    en: 'Answer this question.',
    fr: 'Répondez à cette question.',
    es: 'Responda esta pregunta.',
    ar: 'أجب عن هذا السؤال.',
  },
  'err.required_item': {
    en: 'Answer every row.',
    fr: 'Répondez à chaque ligne.',
    es: 'Responda cada fila.',
    ar: 'أجب عن كل صف.',
  },
  'err.wrong_type': {
    en: 'This answer is not in the expected form.',
    fr: "Cette réponse n'a pas la forme attendue.",
    es: 'Esta respuesta no tiene la forma esperada.',
    ar: 'هذه الإجابة ليست بالشكل المتوقع.',
  },
  'err.wrong_number': {
    en: 'Enter a number, for example 42.',
    fr: 'Saisissez un nombre, par exemple 42.',
    es: 'Escriba un número, por ejemplo 42.',
    ar: 'أدخل رقمًا، مثل 42.',
  },
  'err.whole_number': {
    en: 'Enter a whole number.',
    fr: 'Saisissez un nombre entier.',
    es: 'Escriba un número entero.',
    ar: 'أدخل عددًا صحيحًا.',
  },
  'err.out_of_range': {
    en: 'Enter a number from {min} to {max}.',
    fr: 'Saisissez un nombre entre {min} et {max}.',
    es: 'Escriba un número de {min} a {max}.',
    ar: 'أدخل رقمًا من {min} إلى {max}.',
  },
  'err.too_long': {
    en: { plural: 'max', one: 'Use at most {max} character.', other: 'Use at most {max} characters.' },
    fr: { plural: 'max', one: 'Utilisez au plus {max} caractère.', other: 'Utilisez au plus {max} caractères.' },
    es: { plural: 'max', one: 'Use como máximo {max} carácter.', other: 'Use como máximo {max} caracteres.' },
    ar: 'استخدم {max} حرفًا على الأكثر.',
  },
  'err.too_many_selections': {
    en: 'Select at most {max}.',
    fr: { plural: 'max', one: 'Sélectionnez au plus {max} réponse.', other: 'Sélectionnez au plus {max} réponses.' },
    es: 'Seleccione como máximo {max}.',
    ar: 'اختر {max} على الأكثر.',
  },
  'err.too_few_selections': {
    en: 'Select at least {min}.',
    fr: { plural: 'min', one: 'Sélectionnez au moins {min} réponse.', other: 'Sélectionnez au moins {min} réponses.' },
    es: 'Seleccione al menos {min}.',
    ar: 'اختر {min} على الأقل.',
  },
  'err.duplicate_selection': {
    en: 'Each choice can be used only once.',
    fr: 'Chaque choix ne peut être utilisé qu’une fois.',
    es: 'Cada opción solo puede usarse una vez.',
    ar: 'لا يمكن استخدام كل خيار إلا مرة واحدة.',
  },
  'err.exclusive_conflict': {
    en: 'This choice cannot be combined with other answers.',
    fr: 'Ce choix ne peut pas être combiné avec d’autres réponses.',
    es: 'Esta opción no se puede combinar con otras respuestas.',
    ar: 'لا يمكن الجمع بين هذا الخيار وإجابات أخرى.',
  },
  'err.unknown_option': {
    en: 'Choose one of the options shown.',
    fr: 'Choisissez l’une des options proposées.',
    es: 'Elija una de las opciones mostradas.',
    ar: 'اختر أحد الخيارات المعروضة.',
  },
  'err.invalid': {
    en: 'This answer cannot be accepted.',
    fr: 'Cette réponse ne peut pas être acceptée.',
    es: 'Esta respuesta no se puede aceptar.',
    ar: 'لا يمكن قبول هذه الإجابة.',
  },
} satisfies Record<string, Translations<PageLanguage>>;

export type MessageKey = keyof typeof catalogue;

/** The writing direction of each language of the page words. */
const directions: Readonly<Record<PageLanguage, TextDirection>> = {
  en: 'ltr',
  fr: 'ltr',
  es: 'ltr',
  ar: 'rtl',
};

/** The languages the page words are written in. */
export const pageLanguages: readonly string[] = languages;

function isPageLanguage(lang: string): lang is PageLanguage {
  return pageLanguages.includes(lang);
}

/** The writing direction of a page in `lang` shown before the instrument is known (its words fall back to English). */
export function pageDir(lang: string): TextDirection {
  return ownEntry(directions, pageWordsLang(lang)) ?? 'ltr';
}

/** The language whose words a page in `lang` shows: its own, its base language's, else English. */
function wordsLanguage(lang: string): PageLanguage {
  if (isPageLanguage(lang)) return lang;
  const base = lang.split('-')[0] ?? '';
  return isPageLanguage(base) ? base : 'en';
}

/** The message of `key` in the words of `lang` (English when there are none in it), unfilled. */
export function messageOf(lang: string, key: MessageKey): Message {
  return catalogue[key][wordsLanguage(lang)];
}

/** A message in the words of `lang` with its `{name}` placeholders filled in, numbers written as the language writes them. */
export function messageIn(lang: string, key: MessageKey, values: MessageValues = {}): string {
  return fillMessage(wordsLanguage(lang), messageOf(lang, key), values);
}

/** The language of the page words: the instrument language if we have its words, else English. */
export function pageWordsLang(lang: string): string {
  return isPageLanguage(lang) ? lang : 'en';
}
