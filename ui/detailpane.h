// SPDX-License-Identifier: MIT
#pragma once

#include "jsonpath.h"
#include "latestjob.h"

#include <QByteArray>
#include <QWidget>

#include <memory>
#include <optional>

class PagedTextView;
class QLabel;
class QMenu;
class QPushButton;
class QStackedWidget;
class QTextDocument;
class TextMatcher;
struct TextPages;

// The selected event: file, byte offset and flags, the line indented with syntax colours, and the raw line.
// showLine() returns at once: the line is read (pread), indented, coloured and cut into pages on a worker,
// and the pane shows it when ready; selecting another event supersedes the one being prepared. Strings
// longer than MaxStringBytes show their first KeepBytes and a "show all" link that opens the whole value,
// decoded, in a view of its own (also paged, also prepared on a worker). What the GUI thread does per event
// is bounded by a page (TextPages), so an event of 64 MiB costs it what a small one does.
class DetailPane : public QWidget
{
    Q_OBJECT
public:
    static constexpr qsizetype MaxStringBytes = 2000;
    static constexpr qsizetype KeepBytes = 1000;
    // Larger lines are not read into memory: the pane says so.
    static constexpr quint64 MaxEventBytes = 256u << 20;

    explicit DetailPane(QWidget *parent = nullptr);
    ~DetailPane() override;

    // path: the file; reads [offset, offset + length).
    void showLine(const QString &fileName, const QByteArray &path, quint64 offset, quint32 length, int flags,
                  const QString &session);
    void clear();
    // The selected event is no longer among the rows: says why instead of showing it.
    void showGone(const QString &reason);
    // Opens the index-th cut string of the shown event whole (what its "show all" link does).
    void showCut(int index);
    void closeValue();
    // Marks the find's matches in the event's text (on the worker that prepares each page); null: none.
    void setHighlight(std::shared_ptr<const TextMatcher> highlight);

    // True while the selected event (or an opened value) is being prepared.
    bool isLoading() const;
    QString headerText() const;
    // The indented event's current page, as in the source (cut strings cut).
    QString prettyText() const;
    QByteArray rawLine() const { return m_raw; }
    // The opened value's current page.
    QString valueText() const;
    bool isValueOpen() const;
    PagedTextView *prettyView() const { return m_pretty; }
    PagedTextView *rawView() const { return m_rawView; }
    PagedTextView *valueView() const { return m_value; }

    // The JSON path (JsonPath::format) of the value at `pos` in the indented view's viewport: "" for the
    // whole line, nullopt where there is none or it is nested deeper than a scan keeps. Costs a page's scan
    // at most.
    std::optional<QString> pathAt(const QPoint &pos) const;
    // The indented view's context menu at `pos`: copy the value (read whole from the line, on a worker), copy
    // its path, add it as a column of the table; then the view's own items.
    QMenu *createValueMenu(const QPoint &pos, QWidget *parent);
    // The font of the event's text (indented, raw and opened values).
    void setTextFont(const QFont &font);
Q_SIGNALS:
    void showSessionRequested(const QString &session);
    // The selected event is on screen, or the reason it cannot be.
    void eventShown();
    // A value opened with "show all" is on screen.
    void valueShown();
    // "Add as column" on the value at `path`.
    void addColumnRequested(const QString &path);
    // "Copy value" put `text` on the clipboard.
    void valueCopied(const QString &text);
    // "Filter for/out this value": the query term that selects (or drops) events with the value
    // (QueryLanguage::valueTerm).
    void queryTermRequested(const QString &term);

private:
    struct Prepared
    {
        QString error;
        QByteArray raw;
        std::shared_ptr<const TextPages> pretty;
        std::shared_ptr<const TextPages> rawPages;
        std::shared_ptr<QTextDocument> prettyPage;
        std::shared_ptr<QTextDocument> rawPage;
    };
    struct Value
    {
        std::shared_ptr<const TextPages> pages;
        std::shared_ptr<QTextDocument> firstPage;
        qsizetype characters = 0;
    };

    void prepared(const Prepared &result);
    void copyJson();
    std::optional<JsonPath::Path> pathAtPoint(const QPoint &pos) const;
    void copyValue(const JsonPath::Path &path);
    // Works out the term on a worker (the event may be large) and emits queryTermRequested.
    void requestTerm(const JsonPath::Path &path, bool negate);
    void setHeader(const QString &status);

    QLabel *m_header;
    QPushButton *m_copy;
    QPushButton *m_session;
    QStackedWidget *m_stack;
    PagedTextView *m_pretty;
    PagedTextView *m_rawView;
    QWidget *m_valuePage;
    QLabel *m_valueTitle;
    PagedTextView *m_value;
    QByteArray m_raw;
    std::shared_ptr<const TextPages> m_prettyPages;
    QString m_sessionId;
    QString m_fileName;
    quint64 m_offset = 0;
    quint32 m_length = 0;
    int m_flags = 0;
    bool m_rawPending = false;
    quint64 m_installGeneration = 0;
    std::shared_ptr<const TextMatcher> m_highlight;
    LatestJob<Prepared> m_job;
    LatestJob<Value> m_valueJob;
    LatestJob<QString> m_copyJob;
    LatestJob<QString> m_termJob;
};
