/**
 * The words of the pages that tell respondents who is asking, where they are and what happens to
 * their answers: the consent page's study information, the page number, the review page before
 * submitting, the thank-you page, the resume link's copy and email actions. Part of the
 * catalogue of messages.ts (the same shape: each key, its message in every language).
 */
import type { Translations } from '../messages.ts';

type PageLanguage = 'en' | 'fr' | 'es' | 'ar';

export const trustCatalogue = {
  homeMore: { en: 'Also here', fr: 'Également ici', es: 'También aquí', ar: 'أيضًا هنا' },
  pageNumber: { en: 'Page {page}', fr: 'Page {page}', es: 'Página {page}', ar: 'الصفحة {page}' },
  progressShare: {
    en: 'About {percent}% of the survey is behind you',
    fr: 'Environ {percent} % de l’enquête est derrière vous',
    es: 'Lleva aproximadamente el {percent} % de la encuesta',
    ar: 'أنجزت نحو {percent}٪ من الاستطلاع',
  },
  reviewTitle: {
    en: 'Check and submit your answers',
    fr: 'Vérifiez et envoyez vos réponses',
    es: 'Revise y envíe sus respuestas',
    ar: 'راجع إجاباتك وأرسلها',
  },
  reviewBody: {
    en: 'You have reached the end of the questions. Your answers so far are saved; they count in the survey only once you submit them.',
    fr: 'Vous êtes arrivé à la fin des questions. Vos réponses sont sauvegardées ; elles ne comptent dans l’enquête qu’une fois envoyées.',
    es: 'Ha llegado al final de las preguntas. Sus respuestas están guardadas; solo cuentan en la encuesta una vez que las envíe.',
    ar: 'لقد وصلت إلى نهاية الأسئلة. إجاباتك محفوظة، لكنها لا تُحتسب في الاستطلاع إلا بعد إرسالها.',
  },
  reviewChange: {
    en: 'To change an answer, go back. Once submitted, answers can no longer be changed.',
    fr: 'Pour modifier une réponse, revenez en arrière. Une fois envoyées, les réponses ne peuvent plus être modifiées.',
    es: 'Para cambiar una respuesta, vuelva atrás. Una vez enviadas, las respuestas ya no se pueden cambiar.',
    ar: 'لتغيير إجابة، ارجع إلى الصفحات السابقة. بعد الإرسال لا يمكن تغيير الإجابات.',
  },
  thanksRecorded: {
    en: 'Your answers are recorded. You can close this page.',
    fr: 'Vos réponses sont enregistrées. Vous pouvez fermer cette page.',
    es: 'Sus respuestas han quedado registradas. Puede cerrar esta página.',
    ar: 'تم تسجيل إجاباتك. يمكنك إغلاق هذه الصفحة.',
  },
  thanksNextTitle: { en: 'What happens next', fr: 'Et ensuite', es: 'Qué pasa ahora', ar: 'ماذا بعد' },
  thanksNext: {
    en: 'Your answers are combined with those of everyone who takes part, and published only as totals for many people together, never one by one.',
    fr: 'Vos réponses sont réunies avec celles de toutes les personnes qui participent et publiées uniquement sous forme de totaux pour de nombreuses personnes, jamais une par une.',
    es: 'Sus respuestas se combinan con las de todas las personas que participan y se publican solo como totales de muchas personas juntas, nunca una por una.',
    ar: 'تُجمع إجاباتك مع إجابات جميع المشاركين، ولا تُنشر إلا كمجاميع لعدد كبير من الأشخاص معًا، وليس إجابةً إجابة.',
  },
  aboutStudy: {
    en: 'Who is asking and why',
    fr: 'Qui pose ces questions, et pourquoi',
    es: 'Quién pregunta y por qué',
    ar: 'من يسأل ولماذا',
  },
  sponsorLabel: { en: 'Sponsor', fr: 'Commanditaire', es: 'Patrocinador', ar: 'الجهة الراعية' },
  fieldworkLabel: {
    en: 'Fieldwork',
    fr: 'Réalisation de l’enquête',
    es: 'Trabajo de campo',
    ar: 'تنفيذ الاستطلاع',
  },
  purposeLabel: { en: 'Purpose', fr: 'Objectif', es: 'Finalidad', ar: 'الغرض' },
  useLabel: {
    en: 'How your answers are used',
    fr: 'Utilisation de vos réponses',
    es: 'Cómo se usan sus respuestas',
    ar: 'كيف تُستخدم إجاباتك',
  },
  retentionLabel: {
    en: 'How long they are kept',
    fr: 'Durée de conservation',
    es: 'Cuánto tiempo se conservan',
    ar: 'مدة الاحتفاظ بها',
  },
  voluntaryLabel: { en: 'Taking part', fr: 'Participation', es: 'Participación', ar: 'المشاركة' },
  contactLabel: { en: 'Contact', fr: 'Contact', es: 'Contacto', ar: 'التواصل' },
  privacyLink: {
    en: 'Read the full privacy notice',
    fr: 'Lire la politique de confidentialité complète',
    es: 'Leer el aviso de privacidad completo',
    ar: 'اقرأ إشعار الخصوصية كاملًا',
  },
  emailLink: {
    en: 'Email this link to myself',
    fr: 'M’envoyer ce lien par e-mail',
    es: 'Enviarme este enlace por correo',
    ar: 'أرسل هذا الرابط إلى بريدي',
  },
  emailSubject: {
    en: 'Link to continue the survey',
    fr: 'Lien pour reprendre l’enquête',
    es: 'Enlace para continuar la encuesta',
    ar: 'رابط متابعة الاستطلاع',
  },
  'err.exclusive_with': {
    en: '“{option}” cannot be combined with other answers. Untick it, or untick the other answers.',
    fr: '« {option} » ne peut pas être combiné avec d’autres réponses. Décochez-le, ou décochez les autres réponses.',
    es: '«{option}» no se puede combinar con otras respuestas. Desmárquelo o desmarque las demás respuestas.',
    ar: 'لا يمكن الجمع بين «{option}» وإجابات أخرى. ألغِ تحديده أو ألغِ تحديد الإجابات الأخرى.',
  },
} satisfies Record<string, Translations<PageLanguage>>;
