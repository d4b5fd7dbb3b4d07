// SPDX-License-Identifier: MIT
#include "doctordialog.h"

#include "journaldirectory.h"
#include "journalfile.h"
#include "journalindex.h"
#include "latestjob.h"
#include "uitext.h"
#include "workerpool.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace {

enum Column { KindColumn, PlaceColumn, OffsetColumn, MessageColumn, EffectColumn };
enum Role { SeqRole = Qt::UserRole, FileRole, OffsetRole };

QList<DoctorFinding> examine(const QString &dir)
{
    return JournalDoctor::examine(JournalIndex::build(dir));
}

} // namespace

DoctorDialog::DoctorDialog(const QString &eventsDir, QWidget *parent)
    : QDialog(parent)
    , m_dir(eventsDir)
    , m_summary(new QLabel(tr("Examining %1…").arg(QDir::toNativeSeparators(eventsDir)), this))
    , m_list(new QTreeWidget(this))
    , m_bytes(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Doctor"));
    resize(1100, 600);
    m_list->setObjectName(QStringLiteral("findings"));
    m_list->setAccessibleName(tr("Findings"));
    m_bytes->setAccessibleName(tr("Bytes around the finding"));
    m_list->setHeaderLabels({tr("Kind"), tr("Where"), tr("Offset"), tr("What"), tr("What the server does")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setColumnWidth(KindColumn, 170);
    m_list->setColumnWidth(PlaceColumn, 260);
    m_list->setColumnWidth(OffsetColumn, 80);
    m_list->setColumnWidth(MessageColumn, 300);
    m_bytes->setReadOnly(true);
    m_bytes->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_bytes->setPlaceholderText(tr("Activate a finding about a line to see its bytes here."));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_list);
    split->addWidget(m_bytes);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);

    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const quint64 seq = item->data(0, SeqRole).toULongLong();
        if (seq > 0)
            Q_EMIT seqRequested(seq);
        const qint64 offset = item->data(0, OffsetRole).toLongLong();
        if (offset >= 0)
            showBytes(item->data(0, FileRole).toString(), offset);
    });
    connect(&m_job, &QFutureWatcherBase::finished, this, [this] {
        WorkerPool::takeOver();
        const QList<DoctorFinding> findings = m_job.result();
        for (const DoctorFinding &f : findings) {
            auto *item = new QTreeWidgetItem(m_list);
            item->setText(KindColumn, f.kind);
            item->setText(PlaceColumn,
                          f.line >= 0 ? QStringLiteral("%1:%2").arg(f.file).arg(f.line) : f.file);
            item->setText(OffsetColumn, f.offset >= 0 ? QString::number(f.offset) : QString());
            item->setText(MessageColumn, f.message);
            item->setText(EffectColumn, f.serverEffect);
            item->setToolTip(MessageColumn, f.message);
            item->setToolTip(EffectColumn, f.serverEffect);
            item->setData(0, SeqRole, f.seq);
            item->setData(0, FileRole, f.file);
            item->setData(0, OffsetRole, f.offset);
            if (f.severity == DoctorFinding::Severity::Error)
                item->setForeground(KindColumn, QColor(0xb0, 0x00, 0x20));
            else if (f.severity == DoctorFinding::Severity::Warning)
                item->setForeground(KindColumn, QColor(0xb3, 0x5c, 0x00));
        }
        m_summary->setText(findings.isEmpty()
                               ? tr("No findings: the server reads this journal without surprises.")
                               : tr("%1 in %2")
                                     .arg(countText(findings.size(), tr("1 finding"), tr("%1 findings")),
                                          QDir::toNativeSeparators(m_dir)));
        Q_EMIT checked(int(findings.size()));
    });
    m_job.setFuture(WorkerPool::run([eventsDir] { return examine(eventsDir); }));
}

DoctorDialog::~DoctorDialog()
{
    m_job.waitForFinished();
}

int DoctorDialog::findingCount() const
{
    return m_list->topLevelItemCount();
}

// The bytes around a finding, read on a worker: a journal name may stand for a FIFO, a device or a file on a
// stalled mount.
void DoctorDialog::showBytes(const QString &file, qint64 offset)
{
    const QByteArray path = JournalDirectory::encodeName(QDir(m_dir).filePath(file));
    m_bytes->setPlainText(tr("Reading %1…").arg(file));
    m_bytesJob.start(
        [path, file, offset](const std::atomic<bool> &) {
            const JournalFile f(path);
            const qint64 start = std::max<qint64>(0, offset - 64);
            QByteArray bytes(448, Qt::Uninitialized);
            const qint64 n = f.read(quint64(start), bytes.data(), size_t(bytes.size()));
            if (n < 0)
                return tr("%1: %2").arg(file, f.isOpen() ? QString::fromLocal8Bit(std::strerror(errno))
                                                         : f.errorText());
            bytes.truncate(qsizetype(n));
            QString text = tr("%1, bytes %2 to %3 (the finding is at %4):\n\n")
                               .arg(file)
                               .arg(start)
                               .arg(start + bytes.size())
                               .arg(offset);
            for (qsizetype i = 0; i < bytes.size(); i += 16) {
                QString hex, ascii;
                for (qsizetype k = i; k < std::min(i + 16, bytes.size()); ++k) {
                    const auto c = static_cast<unsigned char>(bytes[k]);
                    hex += QStringLiteral("%1 ").arg(c, 2, 16, QLatin1Char('0'));
                    ascii += (c >= 0x20 && c < 0x7f) ? QLatin1Char(char(c)) : QLatin1Char('.');
                }
                text += QStringLiteral("%1  %2 %3\n")
                            .arg(start + i, 8, 10, QLatin1Char(' '))
                            .arg(hex.leftJustified(48), ascii);
            }
            return text;
        },
        [this](const QString &text) { m_bytes->setPlainText(text); });
}
