/**
 * XLSForm in and out (docs/xlsform.md): `importXlsForm` turns a workbook's sheets into a study
 * written with the DSL (`studySource`), listing every row it cannot express; `xlsFormOf` writes an
 * instrument as XLSForm sheets (`writeWorkbook`). Everything but the workbook reading and writing
 * is pure.
 */
export { ExpressionError, parseExpression, tokenize, type Expr } from './expression.ts';
export { toCondition, type QuestionLookup, type ReferencedQuestion } from './to-condition.ts';
export { parseConstraint, type ConstraintFields } from './constraint.ts';
export { languageOf, languageHeader } from './languages.ts';
export { formatUnsupported, type Unsupported } from './form.ts';
export { importXlsForm, type ImportedStudy } from './import-form.ts';
export { studySource, literal } from './source.ts';
export { readWorkbook, WorkbookError } from './read-workbook.ts';
export type { RawSheet } from './sheet.ts';
export { xlsFormOf, type ExportResult, type XlsFormSheets } from './xlsform-out.ts';
export { conditionToXPath } from './xpath.ts';
export { writeWorkbook } from './write-workbook.ts';
