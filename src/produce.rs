//! A job's documents, as their templates declare them.
//!
//! A template says what its document is in its `document:` front matter (job, type,
//! abbreviation, output name; symbol and subject come from its header and title): see
//! `docs/architecture.md`, "Adding a document". A job (the month, the year, the forms)
//! hands its data to [`draft`], which renders every template of the job without a
//! number; the caller takes the output folder's lock, then numbers from the register for
//! the drafts ([`take_numbers`]); [`finish`] renders the numbered ones again and lays
//! every document out as PDF and DOCX. No Rust code names a document.

use crate::archive::{ArchiveError, ManifestInfo, MonthArchive, RunSummary, RunWriter};
use crate::document::template::{job_templates, render_template, TemplateError, TemplateFile};
use crate::document::{Document, Identity};
use crate::register::{IssuedNumber, NewEntry, Register, RegisterError};
use crate::render::{OutputError, Renderers};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ProduceError {
    #[error("không có mẫu văn bản nào cho việc «{0}» (mẫu cần khóa `document: job: {0}` ở phần đầu)")]
    NoTemplates(String),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("mẫu «{0}» thiếu phần `document:` (loại văn bản, chữ viết tắt, tên tệp)")]
    NoIdentity(String),
    #[error("hai mẫu văn bản cùng ghi ra tệp «{0}»; hãy đổi `document: stem:` của một mẫu")]
    DuplicateStem(String),
    #[error("văn bản «{0}» không có ký hiệu (`header: symbol:`) nên không lấy số được")]
    NoSymbol(String),
    #[error("không tạo được tệp của văn bản «{doc}»: {source}")]
    Render { doc: String, source: OutputError },
    #[error("sổ đăng ký văn bản đi: {0}")]
    Register(#[from] RegisterError),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("cần ghi ngày ban hành (--date NNNN-TT-NN) khi lấy số văn bản (--issue)")]
    IssueWithoutDate,
}

/// The data of a job plus the document's number, as every job template sees it:
/// `{{ number | so_hieu }}` is blank on a draft.
#[derive(Serialize)]
struct Numbered<'a, S: Serialize> {
    #[serde(flatten)]
    data: &'a S,
    number: Option<u32>,
}

/// One document of the job, rendered without a number.
#[derive(Debug, Clone)]
pub struct Draft {
    template: TemplateFile,
    pub doc: Document,
}

impl Draft {
    pub fn identity(&self) -> &Identity {
        // `draft` only keeps documents that have one.
        self.doc.identity.as_ref().expect("a draft always has its identity")
    }
}

/// A document of the job its template chose not to produce this time (`when:`).
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub label: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Drafts {
    pub docs: Vec<Draft>,
    pub skipped: Vec<Skipped>,
}

/// Renders every template of `job` with `data`, without numbers.
pub fn draft<S: Serialize>(job: &str, templates_dir: &Path, data: &S) -> Result<Drafts, ProduceError> {
    let templates = job_templates(job, templates_dir)?;
    if templates.is_empty() {
        return Err(ProduceError::NoTemplates(job.to_string()));
    }
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    let mut stems = BTreeSet::new();
    for template in templates {
        let doc = render_template(&template.name, &template.source, Numbered { data, number: None })?;
        let Some(identity) = &doc.identity else {
            return Err(ProduceError::NoIdentity(template.name.clone()));
        };
        if !identity.produce {
            skipped.push(Skipped { label: identity.label.clone(), reason: identity.skipped.clone() });
            continue;
        }
        if !stems.insert(identity.stem.clone()) {
            return Err(ProduceError::DuplicateStem(identity.stem.clone()));
        }
        docs.push(Draft { template, doc });
    }
    Ok(Drafts { docs, skipped })
}

/// Takes a number for each draft, in order, from `register_name`'s book of `date`'s
/// year. Call it holding the output folder's lock. If one cannot be taken, those
/// already taken are cancelled (a number is never reused, never silently lost).
pub fn take_numbers(
    drafts: &[Draft],
    reg: &mut Register,
    register_name: &str,
    date: NaiveDate,
) -> Result<Vec<IssuedNumber>, ProduceError> {
    let mut issued = Vec::new();
    for d in drafts {
        let id = d.identity();
        let entry = id.symbol.clone().ok_or_else(|| ProduceError::NoSymbol(id.label.clone())).map(|symbol| NewEntry {
            year: date.year(),
            register: register_name.to_string(),
            type_abbrev: id.type_abbrev.clone(),
            symbol,
            date,
            type_name: id.type_name.clone(),
            subject: id.subject.clone(),
            signer: id.signer.clone(),
            recipients: id.recipients.join("; "),
            copies: id.copies,
            unit_keeping: id.keeping.clone(),
            note: String::new(),
        });
        match entry.and_then(|e| reg.issue(e).map_err(ProduceError::from)) {
            Ok(n) => issued.push(n),
            Err(e) => {
                cancel_numbers(reg, &issued);
                return Err(e);
            }
        }
    }
    Ok(issued)
}

/// Marks numbers whose documents were never written as cancelled; they stay taken.
pub fn cancel_numbers(reg: &mut Register, issued: &[IssuedNumber]) {
    for n in issued {
        let _ = reg.cancel(n.id, "Không lập được văn bản (lỗi khi chạy baocao), số này bỏ trống");
    }
}

/// A finished document: both files and the number it carries.
#[derive(Debug, Clone)]
pub struct Finished {
    pub identity: Identity,
    pub pdf: Vec<u8>,
    pub docx: Vec<u8>,
    /// `05/BC-SNV` when numbered.
    pub number: Option<String>,
}

impl Finished {
    pub fn pdf_name(&self) -> String {
        format!("{}.pdf", self.identity.stem)
    }
    pub fn docx_name(&self) -> String {
        format!("{}.docx", self.identity.stem)
    }
}

/// Renders the numbered drafts again with their numbers and lays every document out.
/// `numbers[i]` belongs to `drafts[i]`; drafts without one stay drafts. The documents, and
/// the PDF and DOCX of each, are independent: they are made on rayon's threads and
/// gathered in order, so the bytes and the first error reported are those of a
/// one-by-one run.
pub fn finish<S: Serialize + Sync>(
    drafts: Vec<Draft>,
    data: &S,
    numbers: &[IssuedNumber],
    renderers: &Renderers,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Vec<Finished>, ProduceError> {
    if let Some(labels) = drafts.iter().map(|d| d.identity().label.to_lowercase()).reduce(|a, b| format!("{a}, {b}")) {
        progress(&format!("đang lập {labels}"));
    }
    let made: Vec<Result<Finished, ProduceError>> = drafts
        .into_par_iter()
        .enumerate()
        .map(|(i, d)| {
            let number = numbers.get(i);
            let doc = match number {
                Some(n) => {
                    render_template(&d.template.name, &d.template.source, Numbered { data, number: Some(n.number) })?
                }
                None => d.doc,
            };
            let identity = doc.identity.clone().ok_or_else(|| ProduceError::NoIdentity(d.template.name.clone()))?;
            let (pdf, docx) = rayon::join(|| renderers.render_pdf(&doc), || renderers.render_docx(&doc));
            let error = |source| ProduceError::Render { doc: identity.label.clone(), source };
            let (pdf, docx) = (pdf.map_err(error)?, docx.map_err(error)?);
            Ok(Finished { identity, pdf, docx, number: number.map(|n| n.symbol_text.clone()) })
        })
        .collect();
    made.into_iter().collect()
}

/// One produced document's files (names inside the version folder), for messages.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenDoc {
    pub title: String,
    pub pdf: String,
    pub docx: String,
    pub number: Option<String>,
    /// Who it is addressed to (`Kính gửi`).
    pub recipients: Vec<String>,
}

impl From<&Finished> for WrittenDoc {
    fn from(f: &Finished) -> WrittenDoc {
        WrittenDoc {
            title: f.identity.label.clone(),
            pdf: f.pdf_name(),
            docx: f.docx_name(),
            number: f.number.clone(),
            recipients: f.identity.recipients.clone(),
        }
    }
}

/// Numbers for a job's documents: from `register` (the issuer's book) in the register
/// file of `output`, dated `date`.
#[derive(Debug, Clone, Copy)]
pub struct Numbering<'a> {
    pub output: &'a Path,
    pub register: &'a str,
    pub date: NaiveDate,
}

impl<'a> Numbering<'a> {
    /// The numbering a run asked for with `--issue`: a number belongs to a signed, dated
    /// document, so `--issue` without `--date` is refused.
    pub fn asked(
        issue: bool,
        date: Option<NaiveDate>,
        output: &'a Path,
        register: &'a str,
    ) -> Result<Option<Numbering<'a>>, ProduceError> {
        match (issue, date) {
            (true, None) => Err(ProduceError::IssueWithoutDate),
            (true, Some(date)) => Ok(Some(Numbering { output, register, date })),
            (false, _) => Ok(None),
        }
    }
}

/// What a job's committed version holds.
#[derive(Debug, Clone)]
pub struct Published {
    pub archive: RunSummary,
    pub documents: Vec<WrittenDoc>,
    /// Documents of the job not produced this time (label, why).
    pub skipped: Vec<(String, Option<String>)>,
    pub register_path: Option<PathBuf>,
}

/// The shared end of every job: takes `folder`'s lock, then the numbers when asked,
/// finishes the documents while `prepare` makes the job's other files (at the same time,
/// on rayon's threads), lets `fill` write everything into the new version, and commits
/// it. If anything fails after the numbers were taken, they are cancelled in the register
/// (never reused, never silently lost) and the folder stays as it was.
#[allow(clippy::too_many_arguments)]
pub fn publish<S, E, T>(
    folder: &MonthArchive,
    drafts: Drafts,
    data: &S,
    numbering: Option<Numbering<'_>>,
    renderers: &Renderers,
    progress: &(dyn Fn(&str) + Sync),
    info: &ManifestInfo<'_>,
    prepare: impl FnOnce() -> Result<T, E> + Send,
    fill: impl FnOnce(&mut RunWriter, &[Finished], T) -> Result<(), E>,
) -> Result<Published, E>
where
    S: Serialize + Sync,
    E: From<ProduceError> + Send,
    T: Send,
{
    // The folder's lock before any number: a run refused the lock takes none.
    let mut writer = folder.begin_run().map_err(ProduceError::from)?;
    let mut register = None;
    let mut issued = Vec::new();
    if let Some(n) = numbering {
        let mut reg = Register::open_in(n.output).map_err(ProduceError::from)?;
        issued = take_numbers(&drafts.docs, &mut reg, n.register, n.date)?;
        register = Some(reg);
    }
    let skipped: Vec<(String, Option<String>)> = drafts.skipped.into_iter().map(|s| (s.label, s.reason)).collect();
    let result = (|| -> Result<(RunSummary, Vec<WrittenDoc>), E> {
        let (finished, other) = rayon::join(|| finish(drafts.docs, data, &issued, renderers, progress), prepare);
        let (finished, other) = (finished?, other?);
        progress("đang lưu trữ");
        fill(&mut writer, &finished, other)?;
        let summary = writer.commit(info).map_err(ProduceError::from)?;
        Ok((summary, finished.iter().map(WrittenDoc::from).collect()))
    })();
    if let (Err(_), Some(reg)) = (&result, register.as_mut()) {
        cancel_numbers(reg, &issued);
    }
    let (archive, documents) = result?;
    Ok(Published { archive, documents, skipped, register_path: register.map(|r| r.path().to_path_buf()) })
}

/// Writes both files of every finished document into the version being made.
pub fn write_documents(writer: &mut RunWriter, finished: &[Finished]) -> Result<(), ArchiveError> {
    for f in finished {
        writer.write(&f.pdf_name(), &f.pdf)?;
        writer.write(&f.docx_name(), &f.docx)?;
    }
    Ok(())
}
