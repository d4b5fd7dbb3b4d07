// SPDX-License-Identifier: MIT
#include "detailpane.h"

#include "eventfinder.h"
#include "eventquery.h"
#include "eventrecord.h"
#include "journalfile.h"
#include "jsonpretty.h"
#include "pagedtextview.h"
#include "palettecolours.h"
#include "textpages.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

#include <cerrno>

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

QString bytesText(quint64 bytes)
{
    const QLocale locale;
    if (bytes < 10000)
        return DetailPane::tr("%1 bytes").arg(bytes);
    return DetailPane::tr("%1 bytes (%2)")
        .arg(locale.toString(bytes), locale.formattedDataSize(qint64(bytes)));
}

// [offset, offset + length) of the file, or a null array when the file no longer has those bytes. Reads in
// steps so a cancelled read of a large line stops early.
QByteArray readLine(const QByteArray &path, quint64 offset, quint32 length, const std::atomic<bool> &cancel)
{
    const JournalFile file(path);
    if (!file.isOpen())
        return QByteArray();
    QByteArray line(qsizetype(length), Qt::Uninitialized);
    qsizetype done = 0;
    while (done < qsizetype(length) && !cancel.load(std::memory_order_relaxed)) {
        const size_t step = std::min<size_t>(size_t(length) - size_t(done), 4u << 20);
        if (!file.readExactly(offset + quint64(done), line.data() + done, step))
            break;
        done += qsizetype(step);
    }
    return done == qsizetype(length) ? line : QByteArray();
}

qsizetype countCharacters(const QByteArray &utf8)
{
    qsizetype n = 0;
    for (const char c : utf8)
        n += (uchar(c) & 0xC0) != 0x80;
    return n;
}

} // namespace

DetailPane::DetailPane(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_copy(new QPushButton(tr("Copy JSON"), this))
    , m_session(new QPushButton(tr("This session's events"), this))
    , m_stack(new QStackedWidget(this))
    , m_pretty(new PagedTextView(this))
    , m_rawView(new PagedTextView(this))
    , m_valuePage(new QWidget(this))
    , m_valueTitle(new QLabel(m_valuePage))
    , m_value(new PagedTextView(m_valuePage))
    , m_job(this)
    , m_valueJob(this)
    , m_copyJob(this)
    , m_termJob(this)
{
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);
    m_header->setObjectName(QStringLiteral("detailHeader"));
    m_header->setAccessibleName(tr("Selected event"));
    m_copy->setAccessibleName(tr("Copy the event as indented JSON"));
    m_session->setAccessibleName(tr("Filter by this event's session"));
    m_pretty->setObjectName(QStringLiteral("detailPretty"));
    m_pretty->editor()->setAccessibleName(tr("Event, indented"));
    m_rawView->setObjectName(QStringLiteral("detailRaw"));
    m_rawView->setCountsBytes(true);
    m_rawView->editor()->setAccessibleName(tr("Event, raw line"));
    m_value->setObjectName(QStringLiteral("detailValue"));
    m_value->editor()->setAccessibleName(tr("Value, whole"));
    m_valueTitle->setWordWrap(true);
    m_valueTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *back = new QPushButton(tr("‹ Back to the event"), m_valuePage);
    back->setAccessibleName(tr("Back to the event"));
    auto *valueTop = new QHBoxLayout;
    valueTop->addWidget(back);
    valueTop->addWidget(m_valueTitle, 1);
    auto *valueLayout = new QVBoxLayout(m_valuePage);
    valueLayout->setContentsMargins(0, 0, 0, 0);
    valueLayout->addLayout(valueTop);
    valueLayout->addWidget(m_value, 1);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_copy);
    buttons->addWidget(m_session);
    buttons->addStretch();
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_pretty);
    split->addWidget(m_rawView);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    m_stack->addWidget(split);
    m_stack->addWidget(m_valuePage);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_header);
    layout->addLayout(buttons);
    layout->addWidget(m_stack, 1);

    connect(m_copy, &QPushButton::clicked, this, &DetailPane::copyJson);
    connect(m_session, &QPushButton::clicked, this, [this] { Q_EMIT showSessionRequested(m_sessionId); });
    connect(back, &QPushButton::clicked, this, &DetailPane::closeValue);
    m_pretty->editor()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_pretty->editor(), &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu *menu = createValueMenu(pos, m_pretty->editor());
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_pretty->editor()->viewport()->mapToGlobal(pos));
    });
    connect(m_pretty, &PagedTextView::linkActivated, this, [this](const QString &href) {
        if (href.startsWith(QLatin1String("cut:")))
            showCut(href.mid(4).toInt());
    });
    clear();
}

DetailPane::~DetailPane() = default;

void DetailPane::clear()
{
    m_job.cancel();
    m_valueJob.cancel();
    m_copyJob.cancel();
    ++m_installGeneration;
    m_rawPending = false;
    releaseOnWorker(std::exchange(m_raw, QByteArray()));
    releaseOnWorker(std::exchange(m_prettyPages, nullptr));
    m_sessionId.clear();
    m_fileName.clear();
    m_header->setText(tr("Select an event to see it here."));
    m_pretty->clear();
    m_rawView->clear();
    m_value->clear();
    m_stack->setCurrentIndex(0);
    m_copy->setEnabled(false);
    m_session->setEnabled(false);
}

void DetailPane::showGone(const QString &reason)
{
    clear();
    m_header->setText(reason.toHtmlEscaped());
}

void DetailPane::setHeader(const QString &status)
{
    const QString flagsLine = flagText(m_flags);
    m_header->setText(tr("<b>%1</b> @ byte %2 · %3%4%5")
                          .arg(m_fileName.toHtmlEscaped())
                          .arg(m_offset)
                          .arg(bytesText(m_length))
                          .arg(status.isEmpty() ? QString() : QStringLiteral(" · <i>%1</i>").arg(status))
                          .arg(flagsLine.isEmpty() ? QString()
                                                   : QStringLiteral("<br><font color=\"%1\">%2</font>")
                                                         .arg(PaletteColours::warningText(palette()).name(),
                                                              flagsLine.toHtmlEscaped())));
}

void DetailPane::showLine(const QString &fileName, const QByteArray &path, quint64 offset, quint32 length,
                          int flags, const QString &session)
{
    clear();
    m_fileName = fileName;
    m_offset = offset;
    m_length = length;
    m_flags = flags;
    m_sessionId = session;
    m_session->setEnabled(!session.isEmpty());
    setHeader(tr("reading…"));

    const QFont font = m_pretty->editor()->font();
    const JsonColours colours = JsonColours::forPalette(m_pretty->editor()->palette());
    QThread *owner = thread();
    m_job.start(
        [path, offset, length, font, owner, colours,
         highlight = m_highlight](const std::atomic<bool> &cancel) {
            Prepared p;
            if (length > MaxEventBytes) {
                p.error = tr("too large to show here; export it (Ctrl+E) to read it");
                return p;
            }
            p.raw = readLine(path, offset, length, cancel);
            if (cancel.load())
                return p;
            if (p.raw.isNull() && length > 0) {
                p.error = tr("the file changed or vanished since it was indexed; reload (F5)");
                return p;
            }
            const std::string_view json(p.raw.constData(), size_t(p.raw.size()));
            auto pretty = std::make_shared<TextPages>(TextPages::fromOutline(
                JsonPretty::outline(json, MaxStringBytes, KeepBytes, &cancel), &cancel));
            auto raw = std::make_shared<TextPages>(TextPages::fromPlain(p.raw, &cancel));
            if (cancel.load())
                return p;
            p.prettyPage =
                PagedTextView::adopt(pretty->buildPage(0, font, owner, &cancel, colours, highlight.get()));
            p.rawPage =
                PagedTextView::adopt(raw->buildPage(0, font, owner, &cancel, colours, highlight.get()));
            p.pretty = std::move(pretty);
            p.rawPages = std::move(raw);
            return p;
        },
        [this](const Prepared &result) { prepared(result); });
}

void DetailPane::prepared(const Prepared &result)
{
    if (!result.error.isEmpty() || !result.pretty || !result.prettyPage || !result.rawPage) {
        setHeader(result.error.isEmpty() ? tr("could not be prepared") : result.error);
        Q_EMIT eventShown();
        return;
    }
    m_raw = result.raw;
    m_prettyPages = result.pretty;
    const int cuts = int(result.pretty->cuts.size());
    setHeader(cuts == 0   ? QString()
              : cuts == 1 ? tr("a long value is shown cut: “show all” opens it whole")
                          : tr("%1 long values are shown cut: “show all” opens one whole").arg(cuts));
    m_pretty->setPages(result.pretty, result.prettyPage);
    m_copy->setEnabled(true);
    // The raw line's page in the next turn of the event loop: each turn stays short.
    m_rawPending = true;
    const quint64 generation = m_installGeneration;
    QTimer::singleShot(0, this, [this, generation, pages = result.rawPages, page = result.rawPage]() mutable {
        if (generation != m_installGeneration) {
            releaseOnWorker(std::move(pages));
            return;
        }
        m_rawPending = false;
        m_rawView->setPages(std::move(pages), std::move(page));
        Q_EMIT eventShown();
    });
}

void DetailPane::showCut(int index)
{
    if (!m_prettyPages || index < 0 || size_t(index) >= m_prettyPages->cuts.size())
        return;
    const JsonPretty::Cut cut = m_prettyPages->cuts[size_t(index)];
    const QByteArray raw = m_raw;
    const QString key = cut.keyBegin >= 0
                            ? QString::fromUtf8(JsonPretty::unescape(std::string_view(
                                  raw.constData() + cut.keyBegin, size_t(cut.keyEnd - cut.keyBegin))))
                            : tr("(array item)");
    m_value->clear();
    m_valueTitle->setText(tr("<b>%1</b> · decoding %2…")
                              .arg(key.toHtmlEscaped(), bytesText(quint64(cut.sourceEnd - cut.sourceBegin))));
    m_stack->setCurrentIndex(1);
    const QFont font = m_value->editor()->font();
    QThread *owner = thread();
    m_valueJob.start(
        [raw, cut, font, owner, highlight = m_highlight](const std::atomic<bool> &cancel) {
            Value v;
            QByteArray decoded = JsonPretty::unescape(
                std::string_view(raw.constData() + cut.sourceBegin, size_t(cut.sourceEnd - cut.sourceBegin)),
                &cancel);
            if (cancel.load())
                return v;
            v.characters = countCharacters(decoded);
            auto pages = std::make_shared<TextPages>(TextPages::fromPlain(std::move(decoded), &cancel));
            v.firstPage = PagedTextView::adopt(
                pages->buildPage(0, font, owner, &cancel, JsonColours::light(), highlight.get()));
            v.pages = std::move(pages);
            return v;
        },
        [this, key](const Value &v) {
            if (!v.pages || !v.firstPage)
                return;
            m_valueTitle->setText(tr("<b>%1</b> · %2 characters, decoded")
                                      .arg(key.toHtmlEscaped(), QLocale().toString(v.characters)));
            m_value->setPages(v.pages, v.firstPage);
            Q_EMIT valueShown();
        });
}

void DetailPane::setHighlight(std::shared_ptr<const TextMatcher> highlight)
{
    m_highlight = highlight;
    m_pretty->setHighlight(highlight);
    m_rawView->setHighlight(highlight);
    m_value->setHighlight(std::move(highlight));
}

void DetailPane::closeValue()
{
    m_valueJob.cancel();
    m_value->clear();
    m_stack->setCurrentIndex(0);
}

bool DetailPane::isLoading() const
{
    return m_job.isRunning() || m_rawPending || m_valueJob.isRunning() || m_pretty->isBusy() ||
           m_rawView->isBusy() || m_value->isBusy();
}

bool DetailPane::isValueOpen() const
{
    return m_stack->currentIndex() == 1;
}

QString DetailPane::headerText() const
{
    return m_header->text();
}

QString DetailPane::prettyText() const
{
    return m_pretty->pageText();
}

QString DetailPane::valueText() const
{
    return m_value->pageText();
}

std::optional<JsonPath::Path> DetailPane::pathAtPoint(const QPoint &pos) const
{
    const TextPages *pages = m_pretty->pages();
    if (!pages || pages != m_prettyPages.get() || m_pretty->isBusy())
        return std::nullopt;
    QPlainTextEdit *edit = m_pretty->editor();
    const QTextCursor cursor = edit->cursorForPosition(pos);
    const QTextBlock block = cursor.block();
    // The column in the line as the text has it: what the page adds ("show all" links) does not count.
    qsizetype column = 0;
    for (auto it = block.begin(); !it.atEnd(); ++it) {
        const QTextFragment fragment = it.fragment();
        if (fragment.position() >= cursor.position())
            break;
        if (fragment.charFormat().property(TextPages::NotInTextProperty).toBool())
            continue;
        column += std::min(cursor.position(), fragment.position() + fragment.length()) - fragment.position();
    }
    const qsizetype line = pages->pageFirstLine(m_pretty->page()) + block.blockNumber();
    const auto hit = pages->hitAt(m_pretty->page(), line, column);
    if (!hit)
        return std::nullopt;
    return pages->pathOf(*hit, m_raw);
}

std::optional<QString> DetailPane::pathAt(const QPoint &pos) const
{
    const auto path = pathAtPoint(pos);
    if (!path)
        return std::nullopt;
    return JsonPath::format(*path);
}

QMenu *DetailPane::createValueMenu(const QPoint &pos, QWidget *parent)
{
    QMenu *standard = m_pretty->editor()->createStandardContextMenu(pos);
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("valueMenu"));
    const auto path = pathAtPoint(pos);
    const QString text = path ? JsonPath::format(*path) : QString();
    QAction *copyValueAction = menu->addAction(tr("Copy Value"), this, [this, path] {
        if (path)
            copyValue(*path);
    });
    copyValueAction->setObjectName(QStringLiteral("copyValue"));
    copyValueAction->setEnabled(path.has_value());
    QAction *copyPath =
        menu->addAction(path && !text.isEmpty() ? tr("Copy Path %1").arg(text) : tr("Copy Path"), this,
                        [text] { QApplication::clipboard()->setText(text); });
    copyPath->setObjectName(QStringLiteral("copyPath"));
    copyPath->setEnabled(path && !text.isEmpty());
    QAction *addColumn =
        menu->addAction(tr("Add as Column"), this, [this, text] { Q_EMIT addColumnRequested(text); });
    addColumn->setObjectName(QStringLiteral("addAsColumn"));
    addColumn->setEnabled(path && !text.isEmpty());
    // Only values the query language can name; whether the value is a short string, a number or an object
    // is known once the worker has found it.
    const bool nameable = path && QueryLanguage::pathFor(*path).has_value();
    for (const bool negate : {false, true}) {
        QAction *filter = menu->addAction(negate ? tr("Filter out This Value") : tr("Filter for This Value"),
                                          this, [this, path, negate] {
                                              if (path)
                                                  requestTerm(*path, negate);
                                          });
        filter->setObjectName(negate ? QStringLiteral("filterOutValue") : QStringLiteral("filterForValue"));
        filter->setEnabled(nameable);
    }
    menu->addSeparator();
    const QList<QAction *> own = standard->actions();
    for (QAction *action : own) {
        action->setParent(menu);
        menu->addAction(action);
    }
    delete standard;
    return menu;
}

void DetailPane::copyValue(const JsonPath::Path &path)
{
    const QByteArray raw = m_raw;
    m_copyJob.start(
        [raw, path](const std::atomic<bool> &cancel) {
            const std::string_view json(raw.constData(), size_t(raw.size()));
            const auto at = JsonPath::locate(json, path);
            if (!at)
                return QString();
            const std::string_view token = json.substr(at->first, at->second - at->first);
            // A string as its text; anything else as written in the line.
            if (!token.empty() && token.front() == '"')
                return QString::fromUtf8(JsonPretty::unescape(token, &cancel));
            return QString::fromUtf8(token.data(), qsizetype(token.size()));
        },
        [this](const QString &text) {
            QApplication::clipboard()->setText(text);
            Q_EMIT valueCopied(text);
        });
}

void DetailPane::requestTerm(const JsonPath::Path &path, bool negate)
{
    const QByteArray raw = m_raw;
    m_termJob.start(
        [raw, path, negate](const std::atomic<bool> &) {
            return QueryLanguage::valueTerm(std::string_view(raw.constData(), size_t(raw.size())), path,
                                            negate)
                .value_or(QString());
        },
        [this](const QString &term) {
            if (!term.isEmpty())
                Q_EMIT queryTermRequested(term);
        });
}

void DetailPane::setTextFont(const QFont &font)
{
    for (PagedTextView *view : {m_pretty, m_rawView, m_value})
        view->setTextFont(font);
}

void DetailPane::copyJson()
{
    const QByteArray raw = m_raw;
    m_copyJob.start(
        [raw](const std::atomic<bool> &) {
            return QString::fromUtf8(
                JsonPretty::format(std::string_view(raw.constData(), size_t(raw.size()))));
        },
        [](const QString &text) { QApplication::clipboard()->setText(text); });
}
