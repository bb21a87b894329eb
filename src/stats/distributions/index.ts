export { logGamma, logBeta } from './log-gamma.ts';
export { pnorm, dnorm, qnorm } from './normal.ts';
export { pt, dt, qt } from './student-t.ts';
export { pbeta, dbeta, qbeta } from './beta.ts';
export { pf } from './fisher-f.ts';
export { pchisq } from './chi-squared.ts';
export { incompleteBeta } from './incomplete-beta.ts';
export { regularizedGammaLower, regularizedGammaUpper } from './incomplete-gamma.ts';
