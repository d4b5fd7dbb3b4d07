// SPDX-License-Identifier: MIT
#include "retentionpanel.h"

#include "eventtablemodel.h"
#include "journalfilename.h"
#include "uitext.h"
#include "workerpool.h"

#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QToolTip>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

// The retained window, one segment per file in journal order, widths by size.
class RetentionPanel::Bar : public QWidget
{
public:
    Bar(EventTableModel *model, QWidget *parent)
        : QWidget(parent)
        , m_model(model)
    {
        setMinimumHeight(34);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }
    int pruneFiles = 0;

protected:
    bool event(QEvent *e) override
    {
        if (e->type() != QEvent::ToolTip)
            return QWidget::event(e);
        const int file = fileAt(static_cast<QHelpEvent *>(e)->pos().x());
        const QList<FileIndex> &files = m_model->journal().files();
        if (file < 0) {
            QToolTip::hideText();
            return true;
        }
        const FileIndex &fi = files[file];
        const auto seq = [](std::optional<quint64> v) {
            return v ? QString::number(*v) : QStringLiteral("–");
        };
        QString state = file == files.size() - 1 ? tr("active (the writer's)") : tr("rotated");
        if (!fi.entry.readable() || !fi.error.isEmpty())
            state = fi.error.isEmpty() ? JournalEntry::typeName(fi.entry.type) : fi.error;
        else if (fi.tornTail)
            state += tr(", torn tail");
        QToolTip::showText(
            static_cast<QHelpEvent *>(e)->globalPos(),
            tr("<b>%1</b><br>%2 events, seq %3 … %4<br>%5 bytes, modified %6<br>%7")
                .arg(fi.entry.name)
                .arg(fi.records.size())
                .arg(seq(fi.firstSeq()), seq(fi.lastSeq()))
                .arg(fi.entry.size)
                .arg(QDateTime::fromMSecsSinceEpoch(fi.entry.mtimeNs / 1000000).toString(Qt::ISODate))
                .arg(state),
            this);
        return true;
    }

    // The file whose segment covers x, or -1.
    int fileAt(int x) const
    {
        const QList<FileIndex> &files = m_model->journal().files();
        const QRect r = rect().adjusted(1, 1, -1, -12);
        qint64 total = 0;
        for (const FileIndex &fi : files)
            total += std::max<qint64>(fi.entry.size, 1);
        double left = r.left();
        const double scale = total > 0 ? double(r.width()) / double(total) : 0;
        for (int i = 0; i < files.size(); ++i) {
            const double w = std::max(2.0, double(std::max<qint64>(files[i].entry.size, 1)) * scale);
            if (x >= left && x < left + w)
                return i;
            left += w;
        }
        return -1;
    }

    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        const QRect r = rect().adjusted(1, 1, -1, -12);
        p.fillRect(rect(), palette().window());
        const QList<FileIndex> &files = m_model->journal().files();
        if (files.isEmpty()) {
            p.drawText(r, Qt::AlignCenter, tr("no journal files"));
            return;
        }
        qint64 total = 0;
        for (const FileIndex &fi : files)
            total += std::max<qint64>(fi.entry.size, 1);
        double x = r.left();
        const double scale = double(r.width()) / double(total);
        const int limitAt =
            int(files.size()) - ServerRetainedFiles; // the server's next boot keeps files from here
        for (int i = 0; i < files.size(); ++i) {
            const FileIndex &fi = files[i];
            const double w = std::max(2.0, double(std::max<qint64>(fi.entry.size, 1)) * scale);
            QColor c(0x7a, 0x9c, 0xc6); // rotated
            if (!fi.entry.readable() || !fi.error.isEmpty())
                c = QColor(0xd0, 0x3a, 0x3a);
            else if (i == files.size() - 1)
                c = QColor(0x2f, 0x9d, 0x55); // active: the writer's
            else if (fi.tornTail)
                c = QColor(0xe0, 0x8a, 0x00);
            const QRectF seg(x, r.top(), w - 1, r.height());
            p.fillRect(seg, c);
            if (i < pruneFiles)
                p.fillRect(seg, QBrush(QColor(0x50, 0x50, 0x50, 160), Qt::BDiagPattern));
            if (i == limitAt) {
                p.setPen(QPen(Qt::black, 2));
                p.drawLine(QPointF(x, r.top() - 1), QPointF(x, r.bottom() + 6));
            }
            x += w;
        }
        p.setPen(palette().text().color());
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 0.85);
        p.setFont(f);
        const QRect labels(r.left(), r.bottom() + 1, r.width(), 11);
        p.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, tr("oldest"));
        p.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, tr("newest (active)"));
    }

private:
    EventTableModel *m_model;
};

RetentionPanel::RetentionPanel(EventTableModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_bar(new Bar(model, this))
    , m_window(new QLabel(this))
    , m_cursor(new QLineEdit(this))
    , m_resume(new QLabel(this))
    , m_keep(new QSpinBox(this))
    , m_previewList(new QTreeWidget(this))
    , m_pruneSummary(new QLabel(this))
    , m_pruneButton(new QPushButton(tr("Prune…"), this))
{
    setObjectName(QStringLiteral("retention"));
    m_window->setWordWrap(true);
    m_window->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cursor->setPlaceholderText(tr("client cursor (last seen seq; 0 = from the start)"));
    m_cursor->setObjectName(QStringLiteral("resumeCursor"));
    m_resume->setWordWrap(true);
    m_resume->setObjectName(QStringLiteral("resumeResult"));
    m_keep->setRange(1, 1000000);
    m_keep->setValue(ServerRetainedFiles);
    m_keep->setObjectName(QStringLiteral("pruneKeep"));
    m_previewList->setHeaderLabels({tr("File"), tr("Events"), tr("Bytes")});
    m_previewList->setRootIsDecorated(false);
    // Whole file names: the columns fit their contents and the list scrolls sideways when narrow.
    m_previewList->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_previewList->header()->setStretchLastSection(false);
    m_previewList->setAccessibleName(tr("Files the prune would delete"));
    m_cursor->setAccessibleName(tr("Client cursor"));
    m_keep->setAccessibleName(tr("Files to keep"));
    m_previewList->setObjectName(QStringLiteral("prunePreview"));
    m_pruneSummary->setWordWrap(true);
    m_pruneButton->setEnabled(false);

    auto *windowBox = new QGroupBox(tr("Retained window"), this);
    auto *windowLayout = new QVBoxLayout(windowBox);
    windowLayout->addWidget(m_bar);
    windowLayout->addWidget(m_window);

    auto *resumeBox = new QGroupBox(tr("Can a client resume?"), this);
    auto *resumeLayout = new QVBoxLayout(resumeBox);
    auto *resumeRow = new QHBoxLayout;
    auto *check = new QPushButton(tr("Check"), this);
    resumeRow->addWidget(m_cursor, 1);
    resumeRow->addWidget(check);
    resumeLayout->addLayout(resumeRow);
    resumeLayout->addWidget(m_resume);

    auto *pruneBox = new QGroupBox(tr("Prune"), this);
    auto *pruneLayout = new QVBoxLayout(pruneBox);
    auto *pruneRow = new QHBoxLayout;
    auto *preview = new QPushButton(tr("Preview"), this);
    pruneRow->addWidget(new QLabel(tr("Keep the newest"), this));
    pruneRow->addWidget(m_keep);
    pruneRow->addWidget(new QLabel(tr("files"), this));
    pruneRow->addWidget(preview);
    pruneRow->addStretch();
    pruneLayout->addLayout(pruneRow);
    pruneLayout->addWidget(m_pruneSummary);
    pruneLayout->addWidget(m_previewList, 1);
    pruneLayout->addWidget(m_pruneButton, 0, Qt::AlignRight);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(windowBox);
    layout->addWidget(resumeBox);
    layout->addWidget(pruneBox, 1);

    const auto runCheck = [this] {
        const QByteArray text = m_cursor->text().trimmed().toUtf8();
        const auto cursor =
            JournalFileName::parseU64(std::string_view(text.constData(), size_t(text.size())));
        if (!cursor) {
            m_resume->setText(
                tr("Enter a cursor: the client's last-seen seq, 0 for a client starting fresh."));
            return;
        }
        checkResume(*cursor);
    };
    connect(check, &QPushButton::clicked, this, runCheck);
    connect(m_cursor, &QLineEdit::returnPressed, this, runCheck);
    connect(preview, &QPushButton::clicked, this, [this] { previewPrune(m_keep->value()); });
    connect(m_pruneButton, &QPushButton::clicked, this, [this] { prune(true); });

    connect(&m_recoverJob, &QFutureWatcherBase::finished, this, [this] {
        WorkerPool::takeOver();
        const JournalReader::Recovered r = m_recoverJob.result();
        m_recovered = r.ok() ? QString::number(r.maxSeq) : tr("fails: %1").arg(r.error);
        refresh();
    });
    connect(&m_resumeJob, &QFutureWatcherBase::finished, this, [this] {
        WorkerPool::takeOver();
        const JournalReader::ReplayPlan plan = m_resumeJob.result();
        if (plan.feedReset)
            m_resume->setText(
                tr("<b>feed_reset</b>: cursor %1 predates the retained window (oldest seq %2) by %3; "
                   "the client must resync fully.")
                    .arg(plan.cursor)
                    .arg(plan.oldestSeq.value_or(0))
                    .arg(countText(plan.missedEvents, tr("1 event"), tr("%1 events"))));
        else if (!plan.replayError.isEmpty())
            m_resume->setText(
                tr("<b>The server's replay would fail</b> on %1 (and send nothing): %2")
                    .arg(plan.replayErrorFile.toHtmlEscaped(), plan.replayError.toHtmlEscaped()));
        else if (plan.replayEvents == 0)
            m_resume->setText(tr("<b>resumable</b>: nothing to replay after seq %1.").arg(plan.cursor));
        else
            m_resume->setText(tr("<b>resumable</b>: replays %1 from %2.")
                                  .arg(countText(plan.replayEvents, tr("1 event"), tr("%1 events")),
                                       plan.replayFromFile.toHtmlEscaped()));
        Q_EMIT resumeChecked(plan);
    });
    connect(&m_pruneJob, &QFutureWatcherBase::finished, this, [this] {
        WorkerPool::takeOver();
        const JournalPruner::Result r = m_pruneJob.result();
        QString text = tr("Deleted %1.").arg(countText(r.deleted.size(), tr("1 file"), tr("%1 files")));
        for (const auto &[name, reason] : r.failed)
            text += QLatin1Char(' ') + tr("Could not delete %1: %2.").arg(name, reason);
        for (const auto &[name, reason] : r.skipped)
            text += QLatin1Char(' ') + tr("Kept %1: %2.").arg(name, reason);
        if (!r.error.isEmpty())
            text += QLatin1Char(' ') + r.error;
        if (r.newOldestSeq)
            text += QLatin1Char(' ') + tr("Oldest seq now %1.").arg(*r.newOldestSeq);
        m_preview = {};
        m_model->setPrunePreview(0);
        m_bar->pruneFiles = 0;
        m_previewList->clear();
        m_pruneButton->setEnabled(false);
        m_pruneSummary->setText(text);
        Q_EMIT pruned(r);
    });
}

RetentionPanel::~RetentionPanel()
{
    m_recoverJob.waitForFinished();
    m_resumeJob.waitForFinished();
    m_pruneJob.waitForFinished();
}

void RetentionPanel::setDirectory(const QString &eventsDir)
{
    m_dir = eventsDir;
    m_recovered.clear();
    m_recoveredFor.clear();
    m_resume->clear();
    m_preview = {};
    m_previewList->clear();
    m_pruneSummary->clear();
    m_pruneButton->setEnabled(false);
    refresh();
}

void RetentionPanel::refresh()
{
    const JournalIndex &index = m_model->journal();
    const QLocale locale;
    const int files = int(index.files().size());
    const auto oldest = index.oldestSeq();
    const auto newest = index.maxSeq();
    QString text =
        tr("Oldest seq <b>%1</b> · newest seq <b>%2</b> · <code>recover_max_seq</code> <b>%3</b><br>"
           "%4 events · %5 bytes · %6 of the server's %7 files")
            .arg(oldest ? QString::number(*oldest) : tr("none"))
            .arg(newest ? QString::number(*newest) : tr("none"))
            .arg(m_recovered.isEmpty() ? tr("…") : m_recovered.toHtmlEscaped())
            .arg(locale.toString(index.eventCount()))
            .arg(locale.toString(index.byteCount()))
            .arg(files)
            .arg(ServerRetainedFiles);
    text += QStringLiteral("<br>");
    if (files < ServerRetainedFiles)
        text += countText(ServerRetainedFiles - files,
                          tr("1 more file fits before the next boot prune starts deleting."),
                          tr("%1 more files fit before the next boot prune starts deleting."));
    else if (files == ServerRetainedFiles)
        text += tr("At the limit: once the writer rotates again, a restart prunes the oldest file.");
    else
        text += countText(files - ServerRetainedFiles,
                          tr("The next boot prune deletes the oldest file, left of the mark."),
                          tr("The next boot prune deletes the %1 oldest files, left of the mark."));
    m_window->setText(text);
    m_bar->update();
    // recover_max_seq reads the newest file: again whenever that file changed.
    const QString newestNow =
        files > 0
            ? QStringLiteral("%1:%2").arg(index.files().last().entry.name).arg(index.files().last().sizeSeen)
            : QString();
    if (!m_dir.isEmpty() && !m_recoverJob.isRunning() && newestNow != m_recoveredFor && files > 0) {
        m_recoveredFor = newestNow;
        const QString dir = m_dir;
        m_recoverJob.setFuture(
            WorkerPool::run([dir] { return JournalReader::recoverMaxSeq(JournalDirectory::list(dir)); }));
    }
}

void RetentionPanel::checkResume(quint64 cursor)
{
    if (m_dir.isEmpty() || m_resumeJob.isRunning())
        return;
    m_resume->setText(tr("Checking…"));
    const QString dir = m_dir;
    m_resumeJob.setFuture(WorkerPool::run(
        [dir, cursor] { return JournalReader::planReplay(JournalDirectory::list(dir), cursor); }));
}

void RetentionPanel::previewPrune(int keep)
{
    const JournalIndex &index = m_model->journal();
    JournalListing listing;
    listing.dir = m_dir;
    for (const FileIndex &fi : index.files())
        listing.files.append(fi.entry);
    m_preview = JournalPruner::plan(listing, keep);
    m_previewList->clear();
    qint64 events = 0;
    for (int i = 0; i < m_preview.items.size(); ++i) {
        JournalPruner::Item &item = m_preview.items[i];
        item.events = qint64(index.files()[i].records.size());
        auto *row = new QTreeWidgetItem(m_previewList);
        row->setText(0, item.entry.name);
        if (item.deletable) {
            events += item.events;
            row->setText(1, QString::number(item.events));
            row->setText(2, QString::number(item.entry.size));
        } else {
            row->setText(1, tr("kept: %1").arg(item.skipReason));
        }
    }
    const int n = m_preview.deletableCount();
    m_pruneSummary->setText(
        n == 0 ? tr("Nothing to prune: %1, keeping %2.")
                     .arg(countText(m_preview.fileCount, tr("1 file"), tr("%1 files")))
                     .arg(keep)
               : tr("Would delete %1: %2 events, %3 bytes. The oldest seq becomes %4.")
                     .arg(countText(n, tr("1 file"), tr("%1 files")))
                     .arg(events)
                     .arg(m_preview.bytes())
                     .arg(m_preview.newOldestSeq ? QString::number(*m_preview.newOldestSeq) : tr("none")));
    m_model->setPrunePreview(int(m_preview.items.size()));
    m_bar->pruneFiles = int(m_preview.items.size());
    m_bar->update();
    m_pruneButton->setEnabled(n > 0);
}

void RetentionPanel::prune(bool confirm)
{
    const int n = m_preview.deletableCount();
    if (n == 0 || m_pruneJob.isRunning())
        return;
    if (confirm && QMessageBox::question(
                       this, tr("Prune"),
                       tr("Delete the %1? Clients with older cursors get a feed_reset.")
                           .arg(countText(n, tr("oldest journal file"), tr("%1 oldest journal files")))) !=
                       QMessageBox::Yes)
        return;
    const JournalPruner::Plan plan = m_preview;
    m_pruneButton->setEnabled(false);
    m_pruneJob.setFuture(WorkerPool::run([plan] { return JournalPruner::execute(plan); }));
}

QString RetentionPanel::resumeText() const
{
    return m_resume->text();
}

QString RetentionPanel::pruneText() const
{
    return m_pruneSummary->text();
}
