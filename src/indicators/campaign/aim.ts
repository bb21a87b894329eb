/**
 * The effect a campaign aimed for, in words: signed, with its direction — "−3.0 points (a
 * decrease)". The summary, the report's detail and the dashboard (dashboards/i18n-campaign.ts,
 * in each language) all say it this way, so the aim has one sign everywhere.
 */

/** "−3.0 points (a decrease)", "+2.5 points (an increase)", "0.0 points" (no aim). */
export function describeAim(aimed: number): string {
  const size = Math.abs(aimed).toFixed(1);
  const unit = `point${size === '1.0' ? '' : 's'}`;
  if (Number(size) === 0) return `0.0 ${unit}`;
  return aimed < 0 ? `−${size} ${unit} (a decrease)` : `+${size} ${unit} (an increase)`;
}
