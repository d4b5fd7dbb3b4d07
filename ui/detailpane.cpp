// SPDX-License-Identifier: MIT
#include "detailpane.h"

#include "eventrecord.h"
#include "jsonhighlighter.h"
#include "jsonpretty.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace {

QString flagText(int flags)
{
    QStringList parts;
    if (flags & EventRecord::DuplicateSeq)
        parts << DetailPane::tr("duplicate seq");
    if (flags & EventRecord::OutOfOrderSeq)
        parts << DetailPane::tr("out of order");
    if (flags & EventRecord::GapBefore)
        parts << DetailPane::tr("gap before");
    if (flags & EventRecord::BadTimestamp)
        parts << DetailPane::tr("ts not RFC 3339: the server skips this line");
    if (flags & EventRecord::BadSessionId)
        parts << DetailPane::tr("session_id not a string: the server skips this line");
    if (flags & EventRecord::DuplicateField)
        parts << DetailPane::tr("duplicate field: the server skips this line");
    if (flags & EventRecord::UnknownType)
        parts << DetailPane::tr("type unknown to this browser");
    if (flags & EventRecord::Unterminated)
        parts << DetailPane::tr("no newline yet");
    return parts.join(QStringLiteral(" · "));
}

} // namespace

DetailPane::DetailPane(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_pretty(new QPlainTextEdit(this))
    , m_rawView(new QPlainTextEdit(this))
    , m_copy(new QPushButton(tr("Copy JSON"), this))
    , m_session(new QPushButton(tr("This session's events"), this))
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);
    m_pretty->setReadOnly(true);
    m_pretty->setFont(mono);
    m_pretty->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_pretty->setObjectName(QStringLiteral("detailPretty"));
    new JsonHighlighter(m_pretty->document());
    m_rawView->setReadOnly(true);
    m_rawView->setFont(mono);
    m_rawView->setObjectName(QStringLiteral("detailRaw"));
    m_rawView->setMaximumBlockCount(1);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_copy);
    buttons->addWidget(m_session);
    buttons->addStretch();
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_pretty);
    split->addWidget(m_rawView);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_header);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);

    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(prettyText()); });
    connect(m_session, &QPushButton::clicked, this, [this] { Q_EMIT showSessionRequested(m_sessionId); });
    clear();
}

void DetailPane::clear()
{
    m_raw.clear();
    m_sessionId.clear();
    m_header->setText(tr("Select an event to see it here."));
    m_pretty->clear();
    m_rawView->clear();
    m_copy->setEnabled(false);
    m_session->setEnabled(false);
}

void DetailPane::showGone(const QString &reason)
{
    clear();
    m_header->setText(reason.toHtmlEscaped());
}

QString DetailPane::prettyText() const
{
    return m_pretty->toPlainText();
}

void DetailPane::showEvent(const QString &fileName, const QByteArray &path, quint64 offset, quint32 length,
                           int flags, const QString &session)
{
    QFile file(QFile::decodeName(path));
    QByteArray line;
    if (file.open(QIODevice::ReadOnly) && file.seek(qint64(offset)))
        line = file.read(length);
    if (line.size() != qint64(length)) {
        clear();
        m_header->setText(tr("%1 @ %2: the file changed or vanished since it was indexed; reload (F5).")
                              .arg(fileName)
                              .arg(offset));
        return;
    }
    m_raw = line;
    m_sessionId = session;
    const QString flagsLine = flagText(flags);
    m_header->setText(tr("<b>%1</b> @ byte %2 · %3 bytes%4")
                          .arg(fileName.toHtmlEscaped())
                          .arg(offset)
                          .arg(length)
                          .arg(flagsLine.isEmpty() ? QString()
                                                   : QStringLiteral("<br><font color=\"#b35c00\">%1</font>")
                                                         .arg(flagsLine.toHtmlEscaped())));
    m_pretty->setPlainText(
        QString::fromUtf8(JsonPretty::format(std::string_view(line.constData(), size_t(line.size())))));
    m_rawView->setPlainText(QString::fromUtf8(line));
    m_copy->setEnabled(true);
    m_session->setEnabled(!session.isEmpty());
}
