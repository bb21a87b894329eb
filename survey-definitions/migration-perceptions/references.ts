/**
 * Official figures the study sets its respondents' answers beside: the foreign-born share of each
 * country's population (UN DESA International Migrant Stock 2024 via Our World in Data, copied in
 * ./migrant-stock with its README). Each wave reads the latest estimate at or before its year.
 */
import { defineReferenceSeries } from '../../src/instrument/index.ts';
import { FOREIGN_BORN_PERCENT } from './migrant-stock/data.ts';
import { t } from './questions.ts';

export const foreignBornShare = defineReferenceSeries({
  id: 'foreignBornShare',
  label: t(
    'People born in another country (% of the population)',
    'Personnes nées dans un autre pays (% de la population)',
    'Personas nacidas en otro país (% de la población)',
    'الأشخاص المولودون في بلد آخر (% من السكان)',
  ),
  unit: 'percent',
  source: {
    title: 'International Migrant Stock 2024: international migrants as a share of the total population',
    publisher: 'United Nations, Department of Economic and Social Affairs, Population Division (via Our World in Data)',
    year: 2024,
    url: 'https://ourworldindata.org/grapher/migrant-stock-share',
    licence: 'UN DESA: CC BY 3.0 IGO; Our World in Data processing: CC BY 4.0',
    note: 'grapher migrant-stock-share, variable immigrant_share_of_dest_population_all, last updated 2025-03-12; estimates for 2010, 2015, 2020 and 2024; whole population (all ages); foreign citizenship as a proxy where place of birth is not recorded; refugees included',
  },
  values: [...FOREIGN_BORN_PERCENT],
});

export const references = [foreignBornShare];
