/**
 * What the consent page tells respondents before they agree (src/instrument/respondent-information.ts):
 * who is asking and why, how answers are used and kept, that taking part is voluntary, whom to
 * write to and where the full privacy notice is. The same for every wave and version.
 */
import type { RespondentInformation } from '../../src/instrument/index.ts';
import { t } from './questions.ts';

export const respondentInformation = {
  sponsor: t(
    'The Migration Perceptions Consortium, a group of universities and public research institutes.',
    'Le consortium Migration Perceptions, qui réunit des universités et des instituts publics de recherche.',
    'El consorcio Migration Perceptions, que reúne universidades e institutos públicos de investigación.',
    'اتحاد «تصورات الهجرة»، وهو مجموعة من الجامعات ومعاهد البحث العامة.',
  ),
  fieldwork: t(
    'Barometer Fieldwork, an independent survey organisation that collects the answers on the consortium’s behalf.',
    'Barometer Fieldwork, un organisme d’enquête indépendant qui recueille les réponses pour le consortium.',
    'Barometer Fieldwork, una organización de encuestas independiente que recoge las respuestas en nombre del consorcio.',
    'Barometer Fieldwork، وهي جهة مستقلة لإجراء الاستطلاعات تجمع الإجابات نيابةً عن الاتحاد.',
  ),
  purpose: t(
    'To learn, country by country and year by year, how adults see immigration and migrants, so that public debate and policy can rest on facts.',
    'Savoir, pays par pays et année après année, comment les adultes perçoivent l’immigration et les migrants, pour que le débat public et les politiques reposent sur des faits.',
    'Conocer, país por país y año tras año, cómo ven los adultos la inmigración y a los migrantes, para que el debate público y las políticas se basen en hechos.',
    'معرفة كيف ينظر البالغون إلى الهجرة والمهاجرين، بلدًا بلدًا وعامًا بعد عام، حتى يستند النقاش العام والسياسات إلى الحقائق.',
  ),
  use: t(
    'Your answers are analysed together with everyone else’s and published only as totals for many people. We do not ask for your name, and no one can see your answers one by one outside the research team.',
    'Vos réponses sont analysées avec celles de tous les autres et publiées uniquement sous forme de totaux pour de nombreuses personnes. Nous ne demandons pas votre nom, et personne en dehors de l’équipe de recherche ne peut voir vos réponses une par une.',
    'Sus respuestas se analizan junto con las de todos los demás y se publican solo como totales de muchas personas. No pedimos su nombre, y nadie fuera del equipo de investigación puede ver sus respuestas una por una.',
    'تُحلَّل إجاباتك مع إجابات جميع المشاركين ولا تُنشر إلا كمجاميع لعدد كبير من الأشخاص. لا نطلب اسمك، ولا يمكن لأحد خارج فريق البحث رؤية إجاباتك فرديًا.',
  ),
  retention: t(
    'Answers are kept for ten years, so that later waves can be compared with this one, and then deleted. The link to continue later stops working once you submit.',
    'Les réponses sont conservées dix ans, pour comparer les vagues suivantes à celle-ci, puis supprimées. Le lien pour reprendre plus tard cesse de fonctionner dès que vous envoyez vos réponses.',
    'Las respuestas se conservan diez años, para comparar las olas siguientes con esta, y después se eliminan. El enlace para continuar más tarde deja de funcionar en cuanto envía sus respuestas.',
    'تُحفظ الإجابات عشر سنوات لمقارنة الموجات اللاحقة بهذه الموجة، ثم تُحذف. ويتوقف رابط المتابعة لاحقًا عن العمل بمجرد إرسال إجاباتك.',
  ),
  voluntary: t(
    'Taking part is voluntary. You may skip a question with “Prefer not to answer” and stop at any time; answers you have not submitted are not used.',
    'La participation est volontaire. Vous pouvez répondre « Préfère ne pas répondre » à une question et arrêter à tout moment ; les réponses non envoyées ne sont pas utilisées.',
    'La participación es voluntaria. Puede responder «Prefiere no responder» a una pregunta y dejar la encuesta en cualquier momento; las respuestas no enviadas no se utilizan.',
    'المشاركة طوعية. يمكنك اختيار «أفضّل عدم الإجابة» لأي سؤال والتوقف في أي وقت؛ ولا تُستخدم الإجابات التي لم تُرسلها.',
  ),
  contact: 'survey@migration-perceptions.example.org',
  privacyNotice: 'https://migration-perceptions.example.org/privacy',
} satisfies RespondentInformation;
