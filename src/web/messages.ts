/**
 * The words of the respondent pages themselves (buttons, headings, error
 * messages) in the languages of the flagship study; any other language falls
 * back to English. Question texts come from the instrument, not from here.
 */
import { ownEntry, type TextDirection } from '../instrument/text.ts';

/**
 * A message whose words depend on a number: one form per plural category of the language
 * (CLDR, as `Intl.PluralRules` selects it), `other` for any category not written; `plural` names
 * the value that chooses.
 */
interface PluralMessage {
  readonly plural: string;
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}
type Message = string | PluralMessage;

const en = {
  skip: 'Skip to the questions',
  start: 'Start the survey',
  chooseLanguage: 'Language',
  changeLanguage: 'Show in this language',
  agree: 'I agree to take part',
  agreeRequired: 'To start, tick the box to agree to take part.',
  consentYes: 'I agree',
  consentNo: 'I do not agree',
  next: 'Next',
  back: 'Back',
  submit: 'Submit my answers',
  saveLater: 'Save and continue later',
  progress: 'Page {done} of {total}',
  progressLabel: 'Progress',
  required: 'Required',
  optional: 'Optional',
  errorTitle: 'There is a problem',
  errorIntro: 'Please correct the following:',
  savedTitle: 'Your answers are saved',
  savedBody:
    'To continue later, on this or another device, open this link. Keep it private: anyone with it can see and change your answers.',
  savedContinue: 'Continue now',
  copyLink: 'Copy the link',
  copied: 'Copied',
  thanksTitle: 'Thank you',
  thanksBody: 'Your answers have been submitted. You can close this page.',
  readyTitle: 'Ready to submit',
  readyBody: 'You have answered every page. Submit your answers to finish.',
  item: 'Item',
  other: 'Or',
  selectAll: 'Select all that apply.',
  rankOf: 'Rank',
  notRanked: 'Not ranked',
  resumeTitle: 'This link does not work',
  resumeBody: 'The link may be incomplete or mistyped. Please use the full link you saved.',
  resumeConfirmBody: 'Continue answering in this browser? Use only a link you saved yourself.',
  notFoundTitle: 'Page not found',
  notFoundBody: 'There is nothing at this address.',
  forbiddenTitle: 'This form has expired',
  forbiddenBody: 'For your security the form could not be accepted. Go back, reload the page and try again.',
  conflictTitle: 'This cannot be done now',
  closedBody: 'This survey is not open for answers.',
  doneBody: 'These answers have already been submitted and can no longer be changed.',
  sessionLostTitle: 'Your session was not found',
  sessionLostBody: 'Open the link you saved to continue, or start again from the survey link.',
  errorPageTitle: 'Something went wrong',
  errorPageBody: 'Your request could not be completed. Please try again.',
  home: 'Home',
  openWaves: 'Surveys open now',
  noWaves: 'No survey is open at the moment.',
  take: 'Take the survey',
  // Per-question errors, by the validator's code.
  'err.required': 'Answer this question.',
  'err.required_item': 'Answer every row.',
  'err.wrong_type': 'This answer is not in the expected form.',
  'err.wrong_number': 'Enter a number, for example 42.',
  'err.whole_number': 'Enter a whole number.',
  'err.out_of_range': 'Enter a number from {min} to {max}.',
  'err.too_long': { plural: 'max', one: 'Use at most {max} character.', other: 'Use at most {max} characters.' },
  'err.too_many_selections': 'Select at most {max}.',
  'err.too_few_selections': 'Select at least {min}.',
  'err.duplicate_selection': 'Each choice can be used only once.',
  'err.exclusive_conflict': 'This choice cannot be combined with other answers.',
  'err.unknown_option': 'Choose one of the options shown.',
  'err.invalid': 'This answer cannot be accepted.',
} satisfies Record<string, Message>;

export type MessageKey = keyof typeof en;
type Messages = Record<MessageKey, Message>;

const fr: Messages = {
  skip: 'Aller aux questions',
  start: "Commencer l'enquête",
  chooseLanguage: 'Langue',
  changeLanguage: 'Afficher dans cette langue',
  agree: "J'accepte de participer",
  agreeRequired: 'Pour commencer, cochez la case pour accepter de participer.',
  consentYes: "J'accepte",
  consentNo: "Je n'accepte pas",
  next: 'Suivant',
  back: 'Précédent',
  submit: 'Envoyer mes réponses',
  saveLater: 'Enregistrer et continuer plus tard',
  progress: 'Page {done} sur {total}',
  progressLabel: 'Progression',
  required: 'Obligatoire',
  optional: 'Facultatif',
  errorTitle: 'Il y a un problème',
  errorIntro: 'Veuillez corriger ce qui suit :',
  savedTitle: 'Vos réponses sont enregistrées',
  savedBody:
    'Pour continuer plus tard, sur cet appareil ou un autre, ouvrez ce lien. Gardez-le pour vous : toute personne qui le possède peut voir et modifier vos réponses.',
  savedContinue: 'Continuer maintenant',
  copyLink: 'Copier le lien',
  copied: 'Copié',
  thanksTitle: 'Merci',
  thanksBody: 'Vos réponses ont été envoyées. Vous pouvez fermer cette page.',
  readyTitle: 'Prêt à envoyer',
  readyBody: 'Vous avez répondu à toutes les pages. Envoyez vos réponses pour terminer.',
  item: 'Élément',
  other: 'Ou',
  selectAll: 'Plusieurs réponses possibles.',
  rankOf: 'Rang',
  notRanked: 'Non classé',
  resumeTitle: 'Ce lien ne fonctionne pas',
  resumeBody: 'Le lien est peut-être incomplet ou mal recopié. Utilisez le lien complet que vous avez enregistré.',
  resumeConfirmBody:
    'Continuer à répondre dans ce navigateur ? N’utilisez qu’un lien que vous avez enregistré vous-même.',
  notFoundTitle: 'Page introuvable',
  notFoundBody: "Il n'y a rien à cette adresse.",
  forbiddenTitle: 'Ce formulaire a expiré',
  forbiddenBody:
    "Pour votre sécurité, le formulaire n'a pas pu être accepté. Revenez en arrière, rechargez la page et réessayez.",
  conflictTitle: "Ce n'est pas possible pour le moment",
  closedBody: "Cette enquête n'est pas ouverte.",
  doneBody: 'Ces réponses ont déjà été envoyées et ne peuvent plus être modifiées.',
  sessionLostTitle: 'Votre session est introuvable',
  sessionLostBody: "Ouvrez le lien enregistré pour continuer, ou recommencez depuis le lien de l'enquête.",
  errorPageTitle: "Une erreur s'est produite",
  errorPageBody: "Votre demande n'a pas pu aboutir. Veuillez réessayer.",
  home: 'Accueil',
  openWaves: 'Enquêtes ouvertes',
  noWaves: "Aucune enquête n'est ouverte pour le moment.",
  take: "Répondre à l'enquête",
  'err.required': 'Répondez à cette question.',
  'err.required_item': 'Répondez à chaque ligne.',
  'err.wrong_type': "Cette réponse n'a pas la forme attendue.",
  'err.wrong_number': 'Saisissez un nombre, par exemple 42.',
  'err.whole_number': 'Saisissez un nombre entier.',
  'err.out_of_range': 'Saisissez un nombre entre {min} et {max}.',
  'err.too_long': {
    plural: 'max',
    one: 'Utilisez au plus {max} caractère.',
    other: 'Utilisez au plus {max} caractères.',
  },
  'err.too_many_selections': {
    plural: 'max',
    one: 'Sélectionnez au plus {max} réponse.',
    other: 'Sélectionnez au plus {max} réponses.',
  },
  'err.too_few_selections': {
    plural: 'min',
    one: 'Sélectionnez au moins {min} réponse.',
    other: 'Sélectionnez au moins {min} réponses.',
  },
  'err.duplicate_selection': 'Chaque choix ne peut être utilisé qu’une fois.',
  'err.exclusive_conflict': 'Ce choix ne peut pas être combiné avec d’autres réponses.',
  'err.unknown_option': 'Choisissez l’une des options proposées.',
  'err.invalid': 'Cette réponse ne peut pas être acceptée.',
};

const es: Messages = {
  skip: 'Ir a las preguntas',
  start: 'Empezar la encuesta',
  chooseLanguage: 'Idioma',
  changeLanguage: 'Mostrar en este idioma',
  agree: 'Acepto participar',
  agreeRequired: 'Para empezar, marque la casilla para aceptar participar.',
  consentYes: 'Acepto',
  consentNo: 'No acepto',
  next: 'Siguiente',
  back: 'Anterior',
  submit: 'Enviar mis respuestas',
  saveLater: 'Guardar y continuar más tarde',
  progress: 'Página {done} de {total}',
  progressLabel: 'Progreso',
  required: 'Obligatoria',
  optional: 'Opcional',
  errorTitle: 'Hay un problema',
  errorIntro: 'Corrija lo siguiente:',
  savedTitle: 'Sus respuestas están guardadas',
  savedBody:
    'Para continuar más tarde, en este u otro dispositivo, abra este enlace. Guárdelo en privado: cualquier persona que lo tenga puede ver y cambiar sus respuestas.',
  savedContinue: 'Continuar ahora',
  copyLink: 'Copiar el enlace',
  copied: 'Copiado',
  thanksTitle: 'Gracias',
  thanksBody: 'Sus respuestas se han enviado. Puede cerrar esta página.',
  readyTitle: 'Listo para enviar',
  readyBody: 'Ha respondido todas las páginas. Envíe sus respuestas para terminar.',
  item: 'Elemento',
  other: 'O',
  selectAll: 'Seleccione todas las que correspondan.',
  rankOf: 'Posición',
  notRanked: 'Sin posición',
  resumeTitle: 'Este enlace no funciona',
  resumeBody: 'Puede que el enlace esté incompleto o mal copiado. Use el enlace completo que guardó.',
  resumeConfirmBody: '¿Continuar respondiendo en este navegador? Use solo un enlace que haya guardado usted.',
  notFoundTitle: 'Página no encontrada',
  notFoundBody: 'No hay nada en esta dirección.',
  forbiddenTitle: 'Este formulario ha caducado',
  forbiddenBody:
    'Por su seguridad no se pudo aceptar el formulario. Vuelva atrás, recargue la página e inténtelo de nuevo.',
  conflictTitle: 'No es posible ahora',
  closedBody: 'Esta encuesta no está abierta.',
  doneBody: 'Estas respuestas ya se enviaron y no se pueden cambiar.',
  sessionLostTitle: 'No se encontró su sesión',
  sessionLostBody: 'Abra el enlace que guardó para continuar, o empiece de nuevo desde el enlace de la encuesta.',
  errorPageTitle: 'Algo salió mal',
  errorPageBody: 'No se pudo completar su solicitud. Inténtelo de nuevo.',
  home: 'Inicio',
  openWaves: 'Encuestas abiertas',
  noWaves: 'No hay ninguna encuesta abierta en este momento.',
  take: 'Responder la encuesta',
  'err.required': 'Responda esta pregunta.',
  'err.required_item': 'Responda cada fila.',
  'err.wrong_type': 'Esta respuesta no tiene la forma esperada.',
  'err.wrong_number': 'Escriba un número, por ejemplo 42.',
  'err.whole_number': 'Escriba un número entero.',
  'err.out_of_range': 'Escriba un número de {min} a {max}.',
  'err.too_long': {
    plural: 'max',
    one: 'Use como máximo {max} carácter.',
    other: 'Use como máximo {max} caracteres.',
  },
  'err.too_many_selections': 'Seleccione como máximo {max}.',
  'err.too_few_selections': 'Seleccione al menos {min}.',
  'err.duplicate_selection': 'Cada opción solo puede usarse una vez.',
  'err.exclusive_conflict': 'Esta opción no se puede combinar con otras respuestas.',
  'err.unknown_option': 'Elija una de las opciones mostradas.',
  'err.invalid': 'Esta respuesta no se puede aceptar.',
};

const ar: Messages = {
  skip: 'انتقل إلى الأسئلة',
  start: 'ابدأ الاستطلاع',
  chooseLanguage: 'اللغة',
  changeLanguage: 'اعرض بهذه اللغة',
  agree: 'أوافق على المشاركة',
  agreeRequired: 'للبدء، ضع علامة في المربع للموافقة على المشاركة.',
  consentYes: 'أوافق',
  consentNo: 'لا أوافق',
  next: 'التالي',
  back: 'السابق',
  submit: 'أرسل إجاباتي',
  saveLater: 'احفظ وتابع لاحقًا',
  progress: 'الصفحة {done} من {total}',
  progressLabel: 'التقدم',
  required: 'إلزامي',
  optional: 'اختياري',
  errorTitle: 'توجد مشكلة',
  errorIntro: 'يرجى تصحيح ما يلي:',
  savedTitle: 'تم حفظ إجاباتك',
  savedBody:
    'للمتابعة لاحقًا، على هذا الجهاز أو على جهاز آخر، افتح هذا الرابط. احتفظ به لنفسك: يمكن لأي شخص يملكه أن يرى إجاباتك ويغيّرها.',
  savedContinue: 'تابع الآن',
  copyLink: 'انسخ الرابط',
  copied: 'تم النسخ',
  thanksTitle: 'شكرًا لك',
  thanksBody: 'تم إرسال إجاباتك. يمكنك إغلاق هذه الصفحة.',
  readyTitle: 'جاهز للإرسال',
  readyBody: 'لقد أجبت عن جميع الصفحات. أرسل إجاباتك للإنهاء.',
  item: 'البند',
  other: 'أو',
  selectAll: 'اختر كل ما ينطبق.',
  rankOf: 'الترتيب',
  notRanked: 'بدون ترتيب',
  resumeTitle: 'هذا الرابط لا يعمل',
  resumeBody: 'قد يكون الرابط ناقصًا أو منسوخًا بشكل خاطئ. استخدم الرابط الكامل الذي حفظته.',
  resumeConfirmBody: 'هل تريد متابعة الإجابة في هذا المتصفح؟ استخدم فقط رابطًا حفظته بنفسك.',
  notFoundTitle: 'الصفحة غير موجودة',
  notFoundBody: 'لا يوجد شيء في هذا العنوان.',
  forbiddenTitle: 'انتهت صلاحية هذا النموذج',
  forbiddenBody: 'حفاظًا على أمانك لم يُقبل النموذج. ارجع، وأعد تحميل الصفحة، وحاول مرة أخرى.',
  conflictTitle: 'لا يمكن القيام بذلك الآن',
  closedBody: 'هذا الاستطلاع غير مفتوح للإجابة.',
  doneBody: 'تم إرسال هذه الإجابات بالفعل ولم يعد من الممكن تغييرها.',
  sessionLostTitle: 'لم يتم العثور على جلستك',
  sessionLostBody: 'افتح الرابط الذي حفظته للمتابعة، أو ابدأ من جديد من رابط الاستطلاع.',
  errorPageTitle: 'حدث خطأ ما',
  errorPageBody: 'تعذر إكمال طلبك. يرجى المحاولة مرة أخرى.',
  home: 'الرئيسية',
  openWaves: 'الاستطلاعات المفتوحة الآن',
  noWaves: 'لا يوجد استطلاع مفتوح في الوقت الحالي.',
  take: 'أجب عن الاستطلاع',
  'err.required': 'أجب عن هذا السؤال.',
  'err.required_item': 'أجب عن كل صف.',
  'err.wrong_type': 'هذه الإجابة ليست بالشكل المتوقع.',
  'err.wrong_number': 'أدخل رقمًا، مثل 42.',
  'err.whole_number': 'أدخل عددًا صحيحًا.',
  'err.out_of_range': 'أدخل رقمًا من {min} إلى {max}.',
  'err.too_long': 'استخدم {max} حرفًا على الأكثر.',
  'err.too_many_selections': 'اختر {max} على الأكثر.',
  'err.too_few_selections': 'اختر {min} على الأقل.',
  'err.duplicate_selection': 'لا يمكن استخدام كل خيار إلا مرة واحدة.',
  'err.exclusive_conflict': 'لا يمكن الجمع بين هذا الخيار وإجابات أخرى.',
  'err.unknown_option': 'اختر أحد الخيارات المعروضة.',
  'err.invalid': 'لا يمكن قبول هذه الإجابة.',
};

const catalogs: Readonly<Record<string, Messages>> = { en, fr, es, ar };

/** The writing direction of each language of the page words. */
const directions: Readonly<Record<keyof typeof catalogs, TextDirection>> = {
  en: 'ltr',
  fr: 'ltr',
  es: 'ltr',
  ar: 'rtl',
};

/** The languages the page words are written in. */
export const pageLanguages: readonly string[] = Object.keys(catalogs);

/** The writing direction of a page in `lang` shown before the instrument is known (its words fall back to English). */
export function pageDir(lang: string): TextDirection {
  return ownEntry(directions, pageWordsLang(lang)) ?? 'ltr';
}

/** The language whose words a page in `lang` shows: its own, its base language's, else English. */
function wordsLanguage(lang: string): string {
  if (ownEntry(catalogs, lang)) return lang;
  const base = lang.split('-')[0] ?? '';
  return ownEntry(catalogs, base) ? base : 'en';
}

/** The words of one language (English when there is no catalogue for it). */
export function messagesFor(lang: string): Messages {
  return ownEntry(catalogs, wordsLanguage(lang)) ?? en;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

/** A number as `lang` writes it (`Intl.NumberFormat`: grouping and decimal signs; no rounding). */
function formatNumber(lang: string, n: number): string {
  let format = numberFormats.get(lang);
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(lang, { maximumFractionDigits: 20 })));
  return format.format(n);
}

/** The form of `message` for `values` in `lang`: its plural category (`Intl.PluralRules`) for a number, else `other`. */
function formOf(lang: string, message: Message, values: Readonly<Record<string, string | number>>): string {
  if (typeof message === 'string') return message;
  const n = values[message.plural];
  if (typeof n !== 'number') return message.other;
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return message[rules.select(n)] ?? message.other;
}

/** A message in the words of `lang` with its `{name}` placeholders filled in, numbers written as the language writes them. */
export function messageIn(
  lang: string,
  key: MessageKey,
  values: Readonly<Record<string, string | number>> = {},
): string {
  const words = wordsLanguage(lang);
  return formOf(words, messagesFor(words)[key], values).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(words, value) : value;
  });
}

/** The language of the page words: the instrument language if we have its words, else English. */
export function pageWordsLang(lang: string): string {
  return ownEntry(catalogs, lang) ? lang : 'en';
}
