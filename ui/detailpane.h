// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

// The selected event: file, byte offset and flags, the line pretty-printed with syntax colours (long strings
// wrap), and the raw line. Re-reads that one line from disk when the selection changes.
class DetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit DetailPane(QWidget *parent = nullptr);

    // path: the file; reads [offset, offset + length).
    void showEvent(const QString &fileName, const QByteArray &path, quint64 offset, quint32 length, int flags,
                   const QString &session);
    void clear();
    // The selected event is no longer among the rows: says why instead of showing it.
    void showGone(const QString &reason);
    QString prettyText() const;
    QByteArray rawLine() const { return m_raw; }

Q_SIGNALS:
    void showSessionRequested(const QString &session);

private:
    QLabel *m_header;
    QPlainTextEdit *m_pretty;
    QPlainTextEdit *m_rawView;
    QPushButton *m_copy;
    QPushButton *m_session;
    QByteArray m_raw;
    QString m_sessionId;
};
