//! The month's files made at once: every document's PDF and DOCX, the XLSX and the JSON
//! are independent, so they run on rayon's threads (one per core). Results are gathered
//! in a fixed order, so the archive and every byte are the same as made one by one, and
//! the first error in that order is the one reported.

use super::{MonthJob, PipelineError, Produced, WrittenDoc, MONTH_JSON, MONTH_XLSX};
use crate::document::template::render_named;
use crate::export::month_xlsx_dated;
use crate::model::MonthModel;
use crate::register::IssuedNumber;
use crate::render::{OutputError, Renderers};
use crate::reports::MonthContext;
use rayon::prelude::*;

/// A document to make: file stem, title, issued number.
pub(super) type Wanted<'a> = (&'static str, &'static str, Option<&'a IssuedNumber>);

/// The documents (in `wanted` order), then their files: PDF and DOCX of each, the XLSX,
/// the JSON.
pub(super) fn produce_files(
    model: &MonthModel,
    job: &MonthJob<'_>,
    renderers: &Renderers,
    context: &MonthContext,
    wanted: &[Wanted<'_>],
) -> Result<(Vec<WrittenDoc>, Vec<Produced>), PipelineError> {
    let (docs, (xlsx, json)) = rayon::join(
        || wanted.par_iter().map(|w| one_document(job, renderers, context, w)).collect::<Vec<_>>(),
        || rayon::join(|| month_xlsx_dated(model, job.config, job.date), || serde_json::to_vec_pretty(model)),
    );
    let mut documents = Vec::with_capacity(docs.len());
    let mut files = Vec::with_capacity(2 * docs.len() + 2);
    for made in docs {
        let (doc, pdf, docx) = made?;
        documents.push(doc);
        files.push(pdf);
        files.push(docx);
    }
    files.push(Produced { name: MONTH_XLSX.into(), bytes: xlsx? });
    let mut json = json?;
    json.push(b'\n');
    files.push(Produced { name: MONTH_JSON.into(), bytes: json });
    Ok((documents, files))
}

fn one_document(
    job: &MonthJob<'_>,
    renderers: &Renderers,
    context: &MonthContext,
    &(stem, title, number): &Wanted<'_>,
) -> Result<(WrittenDoc, Produced, Produced), PipelineError> {
    let doc = render_named(stem, job.templates, None, context)
        .map_err(|source| PipelineError::Template { doc: title, source })?;
    let (pdf, docx) =
        rayon::join(|| renderers.pdf.render(&doc).map_err(OutputError::from), || renderers.render_docx(&doc));
    let render_error = |source| PipelineError::Render { doc: title, source };
    let (pdf, docx) = (pdf.map_err(render_error)?, docx.map_err(render_error)?);
    let written = WrittenDoc {
        title: title.to_string(),
        pdf: format!("{stem}.pdf"),
        docx: format!("{stem}.docx"),
        number: number.map(|n| n.symbol_text.clone()),
    };
    Ok((
        written,
        Produced { name: format!("{stem}.pdf"), bytes: pdf },
        Produced { name: format!("{stem}.docx"), bytes: docx },
    ))
}
