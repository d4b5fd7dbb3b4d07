// SPDX-License-Identifier: MIT
#pragma once

#include "latestjob.h"

#include <QWidget>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QTextDocument;
class QToolButton;
class TextMatcher;
struct TextPages;

// A read-only text view over TextPages: one page at a time in a QPlainTextEdit (which lays out only the
// lines in view), with "‹ lines 1–5,000 of 812,344 ›" above it when there is more than one page. Pages are
// built into documents on a worker; asking for another page supersedes the one being built. Clicking a link
// in the text (a "show all") emits linkActivated. GUI thread; what it does there is bounded by a page.
class PagedTextView : public QWidget
{
    Q_OBJECT
public:
    using Document = std::shared_ptr<QTextDocument>;

    explicit PagedTextView(QWidget *parent = nullptr);
    ~PagedTextView() override;

    // Shows page 0 of `pages`: `firstPage` when given (built by the caller's worker), else built here.
    void setPages(std::shared_ptr<const TextPages> pages, Document firstPage = {});
    void clear();
    void showPage(int page);
    // Pages are named by their byte range ("bytes 1–1,048,576 of 52,429,130") rather than their lines: for a
    // text of one long line, cut into display lines.
    void setCountsBytes(bool bytes) { m_countsBytes = bytes; }
    // Marks the matches of `highlight` in the pages built from now on, and builds the shown page again.
    void setHighlight(std::shared_ptr<const TextMatcher> highlight);

    int page() const { return m_page; }
    int pageCount() const;
    const TextPages *pages() const { return m_pages.get(); }
    // The shown page as in the source text (without links, long lines whole).
    QString pageText() const;
    QPlainTextEdit *editor() const { return m_edit; }
    QToolButton *nextButton() const { return m_next; }
    QToolButton *previousButton() const { return m_prev; }
    bool isBusy() const { return m_job.isRunning(); }
    // The text's font; the page is built again in it.
    void setTextFont(const QFont &font);

    // A document for a QPlainTextEdit, deleted on its own thread whichever thread drops the last reference.
    static Document adopt(std::unique_ptr<QTextDocument> doc);

Q_SIGNALS:
    void linkActivated(const QString &href);
    void pageShown(int page);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    // A new palette (light to dark): the page is built again in its colours.
    void changeEvent(QEvent *event) override;

private:
    void install(Document doc, int page);
    void updateNavigation();

    QWidget *m_navigation;
    QLabel *m_position;
    QToolButton *m_prev;
    QToolButton *m_next;
    QPlainTextEdit *m_edit;
    QTextDocument *m_empty;
    std::shared_ptr<const TextPages> m_pages;
    Document m_doc;
    int m_page = 0;
    bool m_countsBytes = false;
    std::shared_ptr<const TextMatcher> m_highlight;
    LatestJob<Document> m_job;
};
