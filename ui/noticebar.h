// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

class QLabel;
class QPlainTextEdit;
class QToolButton;

// A one-line message above the table (elided to the width, the whole text in its tooltip), with an optional
// "Details" disclosure that opens a short scrollable list below it, and a button that dismisses it. It never
// grows past a few lines, whatever the details hold.
class NoticeBar : public QFrame
{
    Q_OBJECT
public:
    enum class Kind { Info, Warning, Error };

    explicit NoticeBar(QWidget *parent = nullptr);

    void showMessage(const QString &text, Kind kind = Kind::Info, const QString &details = {});
    // Hides the bar and forgets its message.
    void dismiss();
    QString text() const { return m_fullText; }
    QString details() const;
    bool detailsShown() const;
    void setDetailsShown(bool shown);

Q_SIGNALS:
    // The user closed the bar.
    void dismissed();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void elide();

    QLabel *m_text;
    QToolButton *m_detailsButton;
    QToolButton *m_close;
    QPlainTextEdit *m_details;
    QString m_fullText;
};
