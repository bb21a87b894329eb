import { parseArgs } from 'node:util';
import { AppError } from '../../errors.ts';
import { storedCampaignReport } from '../../indicators/campaign/stored.ts';
import { renderCampaignReport } from '../../indicators/campaign/text.ts';
import { studyLanguageCodes } from '../../instrument/index.ts';
import { databaseOptions, databaseUsage, openDatabase } from '../database.ts';
import { CliError, type CliCommand } from '../io.ts';
import { definedStudy } from '../study.ts';
import { isUiLanguage } from '../../../dashboards/i18n.ts';
import { syntheticSentences } from '../../../dashboards/i18n-synthetic.ts';

const USAGE = `barometer campaign report STUDY CAMPAIGN [--format text|json] [--lang LANG] [options]

The impact report of a campaign of the study (see docs/campaign-impact.md): for each aimed
indicator the difference-in-differences between the campaign and comparison countries, the
adjusted estimate, the pre-trend test, the MDE and a verdict; the event study with more than two
waves before the campaign; the synthetic control beside the DiD when the campaign declares one
(its sentences in --lang when it is en, fr, es or ar); reach and false recall; the message
experiment. Reads the stacked responses of the waves before and after the campaign with the
weights of each wave's current weighting run (barometer weight).
  --format F            text (default) or json
  --lang LANG           language of labels (default: the study's first)
  --definitions DIR     study definitions [BAROMETER_DEFINITIONS] (default ./survey-definitions)
${databaseUsage}`;

const FORMATS = ['text', 'json'] as const;

export const command: CliCommand = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        format: { type: 'string', default: 'text' },
        lang: { type: 'string' },
        definitions: { type: 'string' },
        ...databaseOptions,
      },
      allowPositionals: true,
      strict: true,
    });
    const [sub, studyId, campaignId, ...extra] = positionals;
    if (sub !== 'report' || !studyId || !campaignId || extra.length > 0) {
      throw new CliError(
        'expected "barometer campaign report STUDY CAMPAIGN" (e.g. barometer campaign report migration-perceptions i-am-a-migrant-too)',
      );
    }
    const format = values.format;
    if (!(FORMATS as readonly string[]).includes(format))
      throw new CliError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
    const study = await definedStudy(io, values.definitions, studyId);
    const campaign = study.campaigns.find((c) => c.id === campaignId);
    if (!campaign)
      throw new CliError(
        `no campaign "${campaignId}" in study "${studyId}" (campaigns: ${study.campaigns.map((c) => c.id).join(', ') || 'none'})`,
      );
    const languages = studyLanguageCodes(study);
    if (values.lang !== undefined && !languages.includes(values.lang))
      throw new CliError(`--lang must be one of ${languages.join(', ')} (got "${values.lang}")`);
    // The synthetic control's sentences come in the dashboards' languages; others read English.
    const uiLanguage = values.lang !== undefined && isUiLanguage(values.lang) ? values.lang : 'en';
    const { handle } = await openDatabase(io.env, values, io.stderr);
    try {
      const report = await storedCampaignReport(handle.db, study, campaign, values.lang ? { lang: values.lang } : {});
      io.stdout(
        format === 'json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : `${renderCampaignReport(report, (s, aimed) => syntheticSentences(uiLanguage, s, report.minimumN, aimed)).replace(/\n?$/, '\n')}`,
      );
      return 0;
    } catch (err) {
      if (err instanceof AppError) throw new CliError(err.message);
      throw err;
    } finally {
      await handle.close();
    }
  },
};
