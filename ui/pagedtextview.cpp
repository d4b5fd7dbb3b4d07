// SPDX-License-Identifier: MIT
#include "pagedtextview.h"

#include "eventfinder.h"
#include "textpages.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPlainTextDocumentLayout>
#include <QPlainTextEdit>
#include <QTextDocument>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

PagedTextView::PagedTextView(QWidget *parent)
    : QWidget(parent)
    , m_navigation(new QWidget(this))
    , m_position(new QLabel(m_navigation))
    , m_prev(new QToolButton(m_navigation))
    , m_next(new QToolButton(m_navigation))
    , m_edit(new QPlainTextEdit(this))
    , m_empty(new QTextDocument(this))
    , m_job(this)
{
    m_empty->setDocumentLayout(new QPlainTextDocumentLayout(m_empty));
    m_edit->setReadOnly(true);
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_edit->setDocument(m_empty);
    m_edit->viewport()->installEventFilter(this);
    m_edit->viewport()->setMouseTracking(true);

    m_position->setObjectName(QStringLiteral("pagePosition"));
    m_prev->setText(QStringLiteral("‹"));
    m_prev->setToolTip(tr("Previous page"));
    m_prev->setAccessibleName(tr("Previous page"));
    m_next->setText(QStringLiteral("›"));
    m_next->setToolTip(tr("Next page"));
    m_next->setAccessibleName(tr("Next page"));
    auto *nav = new QHBoxLayout(m_navigation);
    nav->setContentsMargins(0, 0, 0, 0);
    nav->addWidget(m_prev);
    nav->addWidget(m_position, 1);
    nav->addWidget(m_next);
    m_navigation->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_navigation);
    layout->addWidget(m_edit, 1);

    connect(m_prev, &QToolButton::clicked, this, [this] { showPage(m_page - 1); });
    connect(m_next, &QToolButton::clicked, this, [this] { showPage(m_page + 1); });
}

PagedTextView::~PagedTextView()
{
    m_edit->setDocument(m_empty);
}

PagedTextView::Document PagedTextView::adopt(std::unique_ptr<QTextDocument> doc)
{
    return Document(doc.release(), [](QTextDocument *d) {
        if (!d)
            return;
        if (d->thread() == QThread::currentThread())
            delete d;
        else
            d->deleteLater();
    });
}

int PagedTextView::pageCount() const
{
    return m_pages ? m_pages->pageCount() : 0;
}

QString PagedTextView::pageText() const
{
    return m_pages ? m_pages->pageText(m_page) : QString();
}

void PagedTextView::clear()
{
    m_job.cancel();
    releaseOnWorker(std::move(m_pages));
    m_pages.reset();
    m_page = 0;
    m_edit->setDocument(m_empty);
    m_doc.reset();
    updateNavigation();
}

void PagedTextView::setPages(std::shared_ptr<const TextPages> pages, Document firstPage)
{
    m_job.cancel();
    releaseOnWorker(std::exchange(m_pages, std::move(pages)));
    m_page = 0;
    if (firstPage)
        install(std::move(firstPage), 0);
    else
        showPage(0);
}

void PagedTextView::setHighlight(std::shared_ptr<const TextMatcher> highlight)
{
    m_highlight = std::move(highlight);
    if (m_pages)
        showPage(m_page);
}

void PagedTextView::showPage(int page)
{
    if (!m_pages || page < 0 || page >= m_pages->pageCount())
        return;
    const std::shared_ptr<const TextPages> pages = m_pages;
    const QFont font = m_edit->font();
    const JsonColours colours = JsonColours::forPalette(m_edit->palette());
    QThread *owner = thread();
    m_job.start(
        [pages, page, font, owner, colours, highlight = m_highlight](const std::atomic<bool> &cancel) {
            return adopt(pages->buildPage(page, font, owner, &cancel, colours, highlight.get()));
        },
        [this, page](Document doc) {
            if (doc)
                install(std::move(doc), page);
        });
    m_position->setText(tr("%1 (loading page %2…)").arg(m_position->text()).arg(page + 1));
}

void PagedTextView::install(Document doc, int page)
{
    m_edit->setDocument(doc.get());
    m_doc = std::move(doc); // the page before goes here, a bounded document
    m_page = page;
    updateNavigation();
    Q_EMIT pageShown(page);
}

void PagedTextView::updateNavigation()
{
    const int pages = pageCount();
    m_navigation->setVisible(pages > 1);
    if (pages <= 1)
        return;
    const QLocale locale;
    const qsizetype first = m_pages->pageFirstLine(m_page);
    const qsizetype end = m_pages->pageEndLine(m_page);
    if (m_countsBytes)
        m_position->setText(tr("bytes %1–%2 of %3")
                                .arg(locale.toString(m_pages->lineStarts[size_t(first)] + 1),
                                     locale.toString(m_pages->lineEnd(end - 1)),
                                     locale.toString(m_pages->text.size())));
    else
        m_position->setText(tr("lines %1–%2 of %3")
                                .arg(locale.toString(first + 1), locale.toString(end),
                                     locale.toString(m_pages->lineCount())));
    m_prev->setEnabled(m_page > 0);
    m_next->setEnabled(m_page + 1 < pages);
}

void PagedTextView::setTextFont(const QFont &font)
{
    if (m_edit->font() == font)
        return;
    m_edit->setFont(font);
    if (m_pages)
        showPage(m_page);
}

void PagedTextView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_pages)
        showPage(m_page);
}

bool PagedTextView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit->viewport()) {
        if (event->type() == QEvent::MouseMove) {
            const auto *mouse = static_cast<QMouseEvent *>(event);
            const bool onLink = !m_edit->anchorAt(mouse->position().toPoint()).isEmpty();
            m_edit->viewport()->setCursor(onLink ? Qt::PointingHandCursor : Qt::IBeamCursor);
        } else if (event->type() == QEvent::MouseButtonRelease) {
            const auto *mouse = static_cast<QMouseEvent *>(event);
            const QString href = m_edit->anchorAt(mouse->position().toPoint());
            if (mouse->button() == Qt::LeftButton && !href.isEmpty() && !m_edit->textCursor().hasSelection())
                Q_EMIT linkActivated(href);
        }
    }
    return QWidget::eventFilter(watched, event);
}
