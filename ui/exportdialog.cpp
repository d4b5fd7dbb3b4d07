// SPDX-License-Identifier: MIT
#include "exportdialog.h"

#include "eventtablemodel.h"
#include "journalfilename.h"
#include "journalindex.h"
#include "uitext.h"
#include "workerpool.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace {

std::optional<quint64> seqOf(const QLineEdit *edit)
{
    const QByteArray text = edit->text().trimmed().toUtf8();
    return JournalFileName::parseU64(std::string_view(text.constData(), size_t(text.size())));
}

} // namespace

ExportDialog::ExportDialog(EventTableModel *model, const QString &eventsDir, const EventFilter &filter,
                           QWidget *parent)
    : QDialog(parent)
    , m_model(model)
    , m_dir(eventsDir)
    , m_filter(filter)
    , m_from(new QLineEdit(this))
    , m_to(new QLineEdit(this))
    , m_format(new QComboBox(this))
    , m_destination(new QLineEdit(this))
    , m_estimate(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_export(new QPushButton(tr("Export"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_openFolder(new QPushButton(tr("Open Folder"), this))
    , m_result(new QLabel(this))
    , m_criteria(new QLabel(this))
{
    setWindowTitle(tr("Export Events"));
    setMinimumWidth(560);
    const JournalIndex &index = model->journal();
    m_from->setText(QString::number(filter.seqFrom.value_or(index.oldestSeq().value_or(0))));
    m_to->setText(QString::number(filter.seqTo.value_or(index.maxSeq().value_or(0))));
    m_format->addItem(tr("JSON lines (the source lines, byte for byte)"),
                      int(JournalExporter::Format::Jsonl));
    m_format->addItem(tr("CSV (seq, ts, session_id, type, summary)"), int(JournalExporter::Format::Csv));
    m_format->addItem(tr("Journal (a new events directory, as the server writes it)"),
                      int(JournalExporter::Format::Journal));
    m_from->setAccessibleName(tr("Export from seq"));
    m_from->setObjectName(QStringLiteral("exportFrom"));
    m_to->setAccessibleName(tr("Export to seq"));
    m_format->setAccessibleName(tr("Export format"));
    m_destination->setAccessibleName(tr("Export destination"));
    m_destination->setObjectName(QStringLiteral("exportDestination"));
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_progress->setAccessibleName(tr("Export progress"));
    m_criteria->setObjectName(QStringLiteral("exportCriteria"));
    m_criteria->setWordWrap(true);
    // Where the last export went, in its format.
    const QSettings settings;
    const int lastFormat = m_format->findData(settings.value(QStringLiteral("export/format"), -1).toInt());
    if (lastFormat >= 0)
        m_format->setCurrentIndex(lastFormat);
    m_destination->setText(settings
                               .value(QStringLiteral("export/destination"),
                                      QDir::home().filePath(QStringLiteral("events-export.jsonl")))
                               .toString());
    m_problem->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    m_problem->setWordWrap(true);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->hide();
    m_cancel->hide();
    m_openFolder->hide();
    m_export->setDefault(true);

    auto *browse = new QPushButton(tr("Browse…"), this);
    browse->setAccessibleName(tr("Choose the export destination"));
    auto *destination = new QHBoxLayout;
    destination->addWidget(m_destination, 1);
    destination->addWidget(browse);
    auto *range = new QHBoxLayout;
    range->addWidget(m_from);
    range->addWidget(new QLabel(tr("to"), this));
    range->addWidget(m_to);
    auto *form = new QFormLayout;
    form->addRow(tr("Seq range (inclusive)"), range);
    QString criteria;
    if (!filter.sessions.isEmpty())
        criteria += tr("sessions %1; ").arg(filter.sessions.join(QStringLiteral(", ")));
    if (!filter.types.isEmpty())
        criteria += tr("types %1; ").arg(filter.types.join(QStringLiteral(", ")));
    if (!filter.excludeSessions.isEmpty())
        criteria += tr("not sessions %1; ").arg(filter.excludeSessions.join(QStringLiteral(", ")));
    if (!filter.excludeTypes.isEmpty())
        criteria += tr("not types %1; ").arg(filter.excludeTypes.join(QStringLiteral(", ")));
    if (filter.after || filter.before)
        criteria += tr("a time range; ");
    if (!filter.contains.isEmpty())
        criteria +=
            (filter.ignoreCase ? tr("text \"%1\", in any case; ") : tr("text \"%1\", matching case; "))
                .arg(QString::fromUtf8(filter.contains));
    m_criteria->setText(criteria.isEmpty() ? tr("everything (no other filter)") : criteria);
    form->addRow(tr("Also matching"), m_criteria);
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Destination"), destination);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_openFolder);
    buttons->addStretch();
    auto *close = new QPushButton(tr("Close"), this);
    buttons->addWidget(m_export);
    buttons->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_estimate);
    layout->addWidget(m_problem);
    layout->addWidget(m_result);
    layout->addLayout(buttons);

    connect(m_from, &QLineEdit::textChanged, this, &ExportDialog::update);
    connect(m_to, &QLineEdit::textChanged, this, &ExportDialog::update);
    connect(m_destination, &QLineEdit::textChanged, this, &ExportDialog::update);
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        // Follow the format in the destination's extension, as long as it is one of ours.
        const QString path = m_destination->text();
        const QFileInfo info(path);
        const QString base = info.path() + QLatin1Char('/') + info.completeBaseName();
        const QString suffix = info.suffix();
        if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("csv") || suffix.isEmpty()) {
            const JournalExporter::Format f = format();
            m_destination->setText(f == JournalExporter::Format::Jsonl ? base + QStringLiteral(".jsonl")
                                   : f == JournalExporter::Format::Csv ? base + QStringLiteral(".csv")
                                                                       : base);
        }
        update();
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path =
            format() == JournalExporter::Format::Journal
                ? QFileDialog::getSaveFileName(this, tr("New events directory"), m_destination->text(), {},
                                               nullptr, QFileDialog::ShowDirsOnly)
                : QFileDialog::getSaveFileName(this, tr("Export to"), m_destination->text());
        if (!path.isEmpty())
            m_destination->setText(path);
    });
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, this, &ExportDialog::cancelExport);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_openFolder, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_destination->text()).absolutePath()));
    });
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        if (m_total && m_total->load() > 0)
            m_progress->setValue(int(m_done->load() * 1000 / m_total->load()));
    });
    connect(&m_job, &QFutureWatcherBase::finished, this, [this] {
        WorkerPool::takeOver();
        m_progressTimer.stop();
        const JournalExporter::Result r = m_job.result();
        m_progress->hide();
        m_cancel->hide();
        update(); // the destination may exist now
        QString error;
        if (r.cancelled) {
            error = QStringLiteral("cancelled");
            m_result->setText(tr("Cancelled: nothing was written."));
        } else if (!r.ok()) {
            error = r.error;
            m_result->setText(tr("Failed, nothing was written: %1").arg(r.error));
        } else {
            QSettings settings;
            settings.setValue(QStringLiteral("export/destination"), m_destination->text());
            settings.setValue(QStringLiteral("export/format"), int(format()));
            m_result->setText(tr("Wrote %1 events (%2 bytes) to %3")
                                  .arg(QLocale().toString(r.events))
                                  .arg(QLocale().toString(r.bytes))
                                  .arg(QDir::toNativeSeparators(m_destination->text())));
            m_openFolder->show();
        }
        Q_EMIT exportFinished(error);
    });
    update();
}

ExportDialog::~ExportDialog()
{
    cancelExport();
    m_job.waitForFinished();
}

void ExportDialog::setDestination(const QString &path)
{
    m_destination->setText(path);
}

void ExportDialog::setFormat(JournalExporter::Format format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

void ExportDialog::setTableMatches(bool exact)
{
    m_tableMatches = exact;
    update();
}

QString ExportDialog::criteriaText() const
{
    return m_criteria->text();
}

QString ExportDialog::destination() const
{
    return m_destination->text();
}

std::optional<qint64> ExportDialog::countFromTable(const EventFilter &f) const
{
    // The table's rows are m_filter's matches; they answer for f when f's seq range lies within m_filter's
    // and seqs rise through the journal, so a seq range is a run of rows found by binary search.
    if (!m_tableMatches || !f.seqFrom || !f.seqTo)
        return std::nullopt;
    if ((m_filter.seqFrom && *f.seqFrom < *m_filter.seqFrom) ||
        (m_filter.seqTo && *f.seqTo > *m_filter.seqTo))
        return std::nullopt;
    const JournalIndex &index = m_model->journal();
    if (index.anomalyCount() > 0 || m_model->isFiltered() != !m_filter.isEmpty())
        return std::nullopt;
    const int rows = m_model->rowCount();
    const auto seqAt = [this](int row) {
        return m_model->index(row, 0).data(EventTableModel::SeqRole).toULongLong();
    };
    const auto firstAtLeast = [&](quint64 seq) {
        int lo = 0, hi = rows;
        while (lo < hi) {
            const int mid = lo + (hi - lo) / 2;
            if (seqAt(mid) < seq)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    };
    const int begin = firstAtLeast(*f.seqFrom);
    const int end = *f.seqTo == std::numeric_limits<quint64>::max() ? rows : firstAtLeast(*f.seqTo + 1);
    return std::max(0, end - begin);
}

void ExportDialog::setRange(quint64 from, quint64 to)
{
    m_from->setText(QString::number(from));
    m_to->setText(QString::number(to));
}

JournalExporter::Format ExportDialog::format() const
{
    return JournalExporter::Format(m_format->currentData().toInt());
}

EventFilter ExportDialog::currentFilter(bool *ok) const
{
    EventFilter f = m_filter;
    f.seqFrom = seqOf(m_from);
    f.seqTo = seqOf(m_to);
    *ok = f.seqFrom && f.seqTo && *f.seqFrom <= *f.seqTo;
    return f;
}

void ExportDialog::update()
{
    bool ok = false;
    const EventFilter f = currentFilter(&ok);
    QString problem;
    if (!ok) {
        problem = tr("The seq range needs two unsigned integers, the first not above the second.");
        m_estimate->clear();
    } else {
        const JournalExporter::Estimate e = JournalExporter::estimate(m_model->journal(), f);
        const std::optional<qint64> exact = e.upperBound ? countFromTable(f) : std::nullopt;
        const QLocale locale;
        if (exact)
            m_estimate->setText(
                tr("%1 (as the table shows), at most %2 bytes of source lines.")
                    .arg(countText(*exact, tr("1 event"), tr("%1 events")), locale.toString(e.bytes)));
        else if (e.upperBound)
            m_estimate->setText(
                tr("At most %1, %2 bytes of source lines (the text criterion may select fewer).")
                    .arg(countText(e.events, tr("1 event"), tr("%1 events")), locale.toString(e.bytes)));
        else
            m_estimate->setText(
                tr("%1, %2 bytes of source lines.")
                    .arg(countText(e.events, tr("1 event"), tr("%1 events")), locale.toString(e.bytes)));
    }
    const QString target = m_destination->text().trimmed();
    if (problem.isEmpty() && target.isEmpty())
        problem = tr("Choose a destination.");
    if (problem.isEmpty())
        problem = JournalExporter::refusal(m_model->journal(), target);
    if (problem.isEmpty() && format() == JournalExporter::Format::Journal && QFileInfo::exists(target) &&
        !(QFileInfo(target).isDir() && QDir(target).isEmpty()))
        problem = tr("%1 already exists: the journal format writes a new directory.").arg(target);
    m_problem->setText(problem);
    m_export->setEnabled(problem.isEmpty() && !m_job.isRunning());
}

QString ExportDialog::estimateText() const
{
    return m_estimate->text();
}

QString ExportDialog::problemText() const
{
    return m_problem->text();
}

bool ExportDialog::canExport() const
{
    return m_export->isEnabled();
}

void ExportDialog::startExport()
{
    if (!canExport())
        return;
    bool ok = false;
    const EventFilter filter = currentFilter(&ok);
    JournalExporter::Options options;
    options.format = format();
    m_cancelFlag = std::make_shared<std::atomic_bool>(false);
    m_done = std::make_shared<std::atomic<qint64>>(0);
    m_total = std::make_shared<std::atomic<qint64>>(0);
    const auto cancel = m_cancelFlag;
    const auto done = m_done, total = m_total;
    const QString dir = m_dir, target = m_destination->text().trimmed();
    m_result->clear();
    m_openFolder->hide();
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->show();
    m_export->setEnabled(false);
    m_progressTimer.start();
    // An index of its own, for the range only: the table's index keeps changing under a live journal.
    m_job.setFuture(WorkerPool::run([dir, filter, target, options, cancel, done, total]() mutable {
        JournalIndex::Options indexOptions;
        indexOptions.seqFrom = *filter.seqFrom;
        indexOptions.seqTo = *filter.seqTo;
        indexOptions.cancel = cancel.get();
        const JournalIndex index = JournalIndex::build(dir, indexOptions);
        options.cancel = cancel.get();
        options.progress = [done, total](qint64 d, qint64 t) {
            done->store(d);
            total->store(t);
        };
        JournalExporter::Result r;
        if (cancel->load())
            r.cancelled = true;
        else
            r = JournalExporter::exportToPath(index, filter, target, options);
        return r;
    }));
}

void ExportDialog::cancelExport()
{
    if (m_cancelFlag)
        m_cancelFlag->store(true);
}
